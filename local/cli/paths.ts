/** Locations inside the repository, independent of the directory the CLI is run from. */
import { join, resolve } from 'node:path';
import { ASYNCAPI_DOCUMENT_PATH } from '../../shared/messages/asyncapi';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const ASYNCAPI_DOCUMENT_FILE = join(REPO_ROOT, ASYNCAPI_DOCUMENT_PATH);
export const EXAMPLES_DIR = join(REPO_ROOT, 'examples');
