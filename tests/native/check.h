/* CHECK(cond) for the C ABI tests: counts checks, and on failure prints the condition with mtcnn_last_error()
 * and goes on, so one run reports every broken check. One copy per test program (static counters). */
#ifndef MTCNN_TEST_CHECK_H
#define MTCNN_TEST_CHECK_H

#include <stdio.h>

#include "mtcnn.h"

static int failures = 0, checks = 0;

#define CHECK(cond)                                                                                      \
    do {                                                                                                 \
        checks++;                                                                                        \
        if (!(cond)) {                                                                                   \
            failures++;                                                                                  \
            fprintf(stderr, "%s:%d: check failed: %s (last error: %s)\n", __FILE__, __LINE__, #cond,     \
                    mtcnn_last_error());                                                                 \
        }                                                                                                \
    } while (0)

#endif
