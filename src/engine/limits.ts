/**
 * Size limits shared by everything that reads or writes a graph document: the app (open, save,
 * crash backup, import), the CLI, the runtime and the importers. One definition, so that every
 * document one part accepts, every other part accepts too.
 */

/** The largest document file (UTF-8 bytes) that is opened, saved, backed up or imported. */
export const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;
