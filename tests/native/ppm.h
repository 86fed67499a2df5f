/* Tiny binary PPM (P6, maxval 255) reader/writer: enough for the example host to need no image library. */
#ifndef MTCNN_TEST_PPM_H
#define MTCNN_TEST_PPM_H

#include <stdint.h>

/* Reads a P6 file into a malloc'ed, tightly packed RGB24 buffer; returns NULL (and prints why) on failure. */
uint8_t* ppm_read(const char* path, int* width, int* height);

/* Writes a tightly packed RGB24 buffer as P6; returns 0 on success. */
int ppm_write(const char* path, const uint8_t* rgb, int width, int height);

#endif
