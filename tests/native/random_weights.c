#include "random_weights.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { const char* name; int rank; int dims[4]; } param;

#define CONV(net, n, o, i, k) { net "." n ".weight", 4, { o, i, k, k } }, { net "." n ".bias", 1, { o } }
#define DENSE(net, n, o, i) { net "." n ".weight", 2, { o, i } }, { net "." n ".bias", 1, { o } }
#define PRELU(net, n, c) { net "." n ".weight", 1, { c } }

static const param params[] = {
    CONV("pnet", "conv1", 10, 3, 3), PRELU("pnet", "prelu1", 10),
    CONV("pnet", "conv2", 16, 10, 3), PRELU("pnet", "prelu2", 16),
    CONV("pnet", "conv3", 32, 16, 3), PRELU("pnet", "prelu3", 32),
    CONV("pnet", "conv4_1", 2, 32, 1), CONV("pnet", "conv4_2", 4, 32, 1),
    CONV("rnet", "conv1", 28, 3, 3), PRELU("rnet", "prelu1", 28),
    CONV("rnet", "conv2", 48, 28, 3), PRELU("rnet", "prelu2", 48),
    CONV("rnet", "conv3", 64, 48, 2), PRELU("rnet", "prelu3", 64),
    DENSE("rnet", "dense4", 128, 576), PRELU("rnet", "prelu4", 128),
    DENSE("rnet", "dense5_1", 2, 128), DENSE("rnet", "dense5_2", 4, 128),
    CONV("onet", "conv1", 32, 3, 3), PRELU("onet", "prelu1", 32),
    CONV("onet", "conv2", 64, 32, 3), PRELU("onet", "prelu2", 64),
    CONV("onet", "conv3", 64, 64, 3), PRELU("onet", "prelu3", 64),
    CONV("onet", "conv4", 128, 64, 2), PRELU("onet", "prelu4", 128),
    DENSE("onet", "dense5", 256, 1152), PRELU("onet", "prelu5", 256),
    DENSE("onet", "dense6_1", 2, 256), DENSE("onet", "dense6_2", 4, 256), DENSE("onet", "dense6_3", 10, 256),
};
enum { PARAM_COUNT = sizeof params / sizeof params[0] };

static size_t count_of(const param* p)
{
    size_t n = 1;
    for (int d = 0; d < p->rank; d++) n *= (size_t)p->dims[d];
    return n;
}

/* xorshift32: tiny, seeded, the same on every platform */
static float next_uniform(uint32_t* s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return (float)(*s >> 8) / (float)(1u << 24) * 2.0f - 1.0f;
}

uint8_t* random_weights(uint32_t seed, size_t* size)
{
    char* header = malloc(16384);
    if (!header) return NULL;
    size_t h = 0, offset = 0;
    h += (size_t)sprintf(header + h, "{");
    for (int i = 0; i < PARAM_COUNT; i++) {
        const param* p = &params[i];
        size_t bytes = count_of(p) * 4;
        h += (size_t)sprintf(header + h, "%s\"%s\":{\"dtype\":\"F32\",\"shape\":[", i ? "," : "", p->name);
        for (int d = 0; d < p->rank; d++) h += (size_t)sprintf(header + h, "%s%d", d ? "," : "", p->dims[d]);
        h += (size_t)sprintf(header + h, "],\"data_offsets\":[%zu,%zu]}", offset, offset + bytes);
        offset += bytes;
    }
    h += (size_t)sprintf(header + h, "}");
    while (h % 8) header[h++] = ' ';

    *size = 8 + h + offset;
    uint8_t* file = malloc(*size);
    if (!file) { free(header); return NULL; }
    for (int b = 0; b < 8; b++) file[b] = (uint8_t)((uint64_t)h >> (8 * b));
    memcpy(file + 8, header, h);
    free(header);

    uint32_t state = seed ? seed : 1;
    uint8_t* data = file + 8 + h;
    for (int i = 0; i < PARAM_COUNT; i++) {
        const param* p = &params[i];
        size_t n = count_of(p);
        int is_prelu = strstr(p->name, "prelu") != NULL;
        /* fan-in scaled values keep activations in a range where every stage's outputs vary */
        float scale = p->rank > 1 ? 1.0f / sqrtf((float)(n / (size_t)p->dims[0])) : 0.1f;
        for (size_t k = 0; k < n; k++) {
            float v = is_prelu ? 0.25f : scale * next_uniform(&state);
            memcpy(data, &v, 4); /* little-endian hosts only, as the engine's targets are */
            data += 4;
        }
    }
    return file;
}

int random_weights_write(const char* path, uint32_t seed)
{
    size_t size;
    uint8_t* file = random_weights(seed, &size);
    if (!file) return -1;
    FILE* f = fopen(path, "wb");
    int ok = f && fwrite(file, 1, size, f) == size;
    if (f && fclose(f) != 0) ok = 0;
    free(file);
    return ok ? 0 : -1;
}
