export { readRunText, decodeText, MAX_RUN_FILE_BYTES } from './readText.js';
export { writeFileAtomic } from './atomic.js';
export { errnoWording, cannotRead, cannotWrite, binaryData, outputIsInput } from './messages.js';
export { assertNotAnInput } from './outputIsInput.js';
