export { readRunText, decodeText, MAX_RUN_FILE_BYTES } from './readText.js';
export { writeFileAtomic, type AtomicData } from './atomic.js';
export { errnoWording, cannotRead, cannotWrite, binaryData, outputIsInput, writeFailure, shortWrite } from './messages.js';
export { assertNotAnInput } from './outputIsInput.js';
