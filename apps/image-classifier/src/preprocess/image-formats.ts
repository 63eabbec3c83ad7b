/** One raster format that the service decodes: sharp's format id, its usual name and its media type. */
export interface ImageFormat {
  /** Value of sharp's `metadata().format`. */
  id: string;
  name: string;
  mediaType: string;
}

/**
 * Formats the service decodes; messages and the OpenAPI document state exactly this list.
 *
 * sharp also identifies SVG and HEIF/AVIF, which are rejected. SVG is a vector document that librsvg would
 * render, and its header carries no trustworthy pixel size to check against the limits.
 */
export const ACCEPTED_IMAGE_FORMATS: readonly ImageFormat[] = [
  { id: 'png', name: 'PNG', mediaType: 'image/png' },
  { id: 'jpeg', name: 'JPEG', mediaType: 'image/jpeg' },
  { id: 'webp', name: 'WebP', mediaType: 'image/webp' },
  { id: 'gif', name: 'GIF', mediaType: 'image/gif' },
  { id: 'tiff', name: 'TIFF', mediaType: 'image/tiff' },
];

/** The accepted format names for messages: `PNG, JPEG, WebP, GIF or TIFF`. */
export const ACCEPTED_FORMAT_NAMES = joinAlternatives(ACCEPTED_IMAGE_FORMATS.map((format) => format.name));

/** Returns the accepted format with sharp's format id `id`, or undefined when the service rejects that format. */
export function findAcceptedFormat(id: string): ImageFormat | undefined {
  return ACCEPTED_IMAGE_FORMATS.find((format) => format.id === id);
}

function joinAlternatives(names: string[]): string {
  const last = names.at(-1) ?? '';
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${last}` : last;
}
