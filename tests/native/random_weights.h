/* Writes MTCNN-shaped weights with seeded random values as a safetensors file, so the C tests can create a
 * detector without any downloaded data. The shapes are those of the paper's nets (NetArchitecture in the engine). */
#ifndef MTCNN_TEST_RANDOM_WEIGHTS_H
#define MTCNN_TEST_RANDOM_WEIGHTS_H

#include <stddef.h>
#include <stdint.h>

/* Returns a malloc'ed safetensors image and its size, or NULL. */
uint8_t* random_weights(uint32_t seed, size_t* size);

/* Writes it to path; returns 0 on success. */
int random_weights_write(const char* path, uint32_t seed);

#endif
