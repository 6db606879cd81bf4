/* file: whole files read into memory (configuration, keys, certificates, tokens). */
#ifndef KUBE_FILE_H
#define KUBE_FILE_H

#include <stddef.h>

/* The contents of path, NUL-terminated (so text can be used as a string), their size in *len
 * (len may be NULL). NULL with errno set when it cannot be opened or read. malloc'd. */
char *file_read(const char *path, size_t *len);

#endif
