/**
 * One wording per errno for every message about a file lrfind could not read or write.
 *
 * @module
 */

/**
 * How a file-system failure reads in a message: `no such file`, `is a directory`, `permission denied`, …; an
 * unknown errno is shown by its code.
 *
 * @example
 * errnoWording(Object.assign(new Error('x'), { code: 'ENOENT' })); // => 'no such file'
 */
export function errnoWording(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a path component is not a directory';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'read-only file system';
    default:
      return code ?? String((error as Error | undefined)?.message ?? error);
  }
}

