// Tag rules for launched runs. Checked at the boundary so a bad tag never reaches storage.
import { InvalidTagsError } from './errors.js';
import { TAGS } from './vocabulary.js';

const MAX_TAGS = 100;
const MAX_KEY_LENGTH = 255;
const MAX_VALUE_LENGTH = 4096;
// Dagster's tag key alphabet: letters, digits and _ - . / (slashes namespace keys, e.g. dagster/priority).
const KEY_PATTERN = /^[A-Za-z0-9_.\-/]+$/;

/** Validates tags given as Dagster's `[{ key, value }]` and returns them as a map. */
export function checkTags(tags: readonly { key: string; value: string }[]): Record<string, string> {
  if (tags.length > MAX_TAGS) throw new InvalidTagsError(`A run may have at most ${MAX_TAGS} tags (got ${tags.length}).`, null);
  const result: Record<string, string> = {};
  for (const { key, value } of tags) {
    if (!KEY_PATTERN.test(key) || key.length > MAX_KEY_LENGTH) {
      throw new InvalidTagsError(
        `Tag key ${JSON.stringify(key)} is invalid: keys are 1 to ${MAX_KEY_LENGTH} letters, digits, '_', '-', '.' or '/'.`,
        key,
      );
    }
    if (key.startsWith(TAGS.poolPrefix) || key.startsWith('.dagster/')) {
      throw new InvalidTagsError(`Tag key ${JSON.stringify(key)} is reserved: '.dagster/' tags are set by Tidepool.`, key);
    }
    if (value.length > MAX_VALUE_LENGTH) {
      throw new InvalidTagsError(`The value of tag ${JSON.stringify(key)} is longer than ${MAX_VALUE_LENGTH} characters.`, key);
    }
    if (key === TAGS.idempotencyKey && (value.length === 0 || value.length > MAX_KEY_LENGTH)) {
      throw new InvalidTagsError(`The value of tag ${JSON.stringify(key)} must be 1 to ${MAX_KEY_LENGTH} characters.`, key);
    }
    if (Object.hasOwn(result, key)) throw new InvalidTagsError(`Tag key ${JSON.stringify(key)} is given twice.`, key);
    result[key] = value;
  }
  return result;
}
