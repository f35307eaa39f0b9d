/** The image backbone interface: decoded images in, one feature vector per image out. */

/** An RGB image, 3 bytes per pixel, row-major, `width` × `height`. */
export interface RawImage {
  data: Uint8Array;
  width: number;
  height: number;
}

export interface ImageBackbone {
  /** What the manifest records, and enough to re-create the backbone ("mini-v1", "tfjs-model:/path/to/model?normalize=caffe"). */
  readonly name: string;
  readonly featureDim: number;
  /** Images are resized (cover-cropped) to inputSize × inputSize before `embed`. */
  readonly inputSize: number;
  /** Features of a batch, row-major [N, featureDim]. Images must be inputSize × inputSize. */
  embed(images: RawImage[]): Promise<Float32Array>;
  dispose(): void;
}

export function checkInput(backbone: ImageBackbone, images: RawImage[]): void {
  for (const [i, im] of images.entries()) {
    if (im.width !== backbone.inputSize || im.height !== backbone.inputSize || im.data.length !== im.width * im.height * 3) {
      throw new Error(`${backbone.name}: image ${i} is ${im.width}x${im.height} (${im.data.length} bytes), expected ${backbone.inputSize}x${backbone.inputSize} RGB`);
    }
  }
}
