#include "ppm.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

/* Reads the next header integer, skipping whitespace and '#' comments; -1 on malformed input. */
static long next_int(FILE* f)
{
    int c;
    for (;;) {
        c = fgetc(f);
        if (c == '#') {
            while (c != '\n' && c != EOF) c = fgetc(f);
        } else if (!isspace(c)) {
            break;
        }
    }
    if (!isdigit(c)) return -1;
    long v = 0;
    while (isdigit(c)) {
        v = v * 10 + (c - '0');
        if (v > 1L << 20) return -1;
        c = fgetc(f);
    }
    /* exactly one whitespace byte ends the token (the last one precedes the pixel data) */
    return isspace(c) ? v : -1;
}

uint8_t* ppm_read(const char* path, int* width, int* height)
{
    FILE* f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        return NULL;
    }
    uint8_t* rgb = NULL;
    if (fgetc(f) != 'P' || fgetc(f) != '6') {
        fprintf(stderr, "%s: not a binary PPM (P6)\n", path);
        goto done;
    }
    long w = next_int(f), h = next_int(f), maxval = next_int(f);
    if (w <= 0 || h <= 0 || maxval != 255) {
        fprintf(stderr, "%s: unsupported PPM header (need positive size and maxval 255)\n", path);
        goto done;
    }
    size_t size = (size_t)w * (size_t)h * 3;
    rgb = malloc(size);
    if (!rgb || fread(rgb, 1, size, f) != size) {
        fprintf(stderr, "%s: truncated pixel data\n", path);
        free(rgb);
        rgb = NULL;
        goto done;
    }
    *width = (int)w;
    *height = (int)h;
done:
    fclose(f);
    return rgb;
}

int ppm_write(const char* path, const uint8_t* rgb, int width, int height)
{
    FILE* f = fopen(path, "wb");
    if (!f) return -1;
    fprintf(f, "P6\n%d %d\n255\n", width, height);
    size_t size = (size_t)width * (size_t)height * 3;
    int ok = fwrite(rgb, 1, size, f) == size;
    return (fclose(f) == 0 && ok) ? 0 : -1;
}
