/*
 * Tests of mtcnn_align through libmtcnn.so (run by CTest): options, crop sizes, errors, and crops of a synthetic
 * face checked against the definition (a face whose landmarks are the ArcFace template itself, in an image
 * whose pixel value encodes its coordinates, gives back those pixels). Needs no downloaded data.
 * Exit status: 0 all checks passed, 1 some failed.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mtcnn.h"
#include "random_weights.h"
#include "check.h"

_Static_assert(sizeof(mtcnn_align_options) == 36, "mtcnn_align_options layout changed: update NativeAlignOptions");


static const float template112[10] = { 38.2946f, 51.6963f, 73.5318f, 51.5014f, 56.0252f,
                                       71.7366f, 41.5493f, 92.3655f, 70.7299f, 92.2041f };

int main(void)
{
    mtcnn_align_options options;
    CHECK(mtcnn_align_options_init(&options) == MTCNN_OK);
    CHECK(options.struct_size == sizeof(mtcnn_align_options));
    CHECK(options.kind == MTCNN_ALIGN_ARCFACE112 && options.size == 112 && options.output == MTCNN_ALIGN_RGB24);

    size_t bytes = 0;
    int32_t w = 0, h = 0;
    CHECK(mtcnn_align_crop_size(&options, &bytes, &w, &h) == MTCNN_OK && bytes == 112 * 112 * 3 && w == 112 && h == 112);
    mtcnn_align_options narrow = options;
    narrow.kind = MTCNN_ALIGN_ARCFACE96X112;
    narrow.output = MTCNN_ALIGN_FLOAT_RGB_CHW;
    CHECK(mtcnn_align_crop_size(&narrow, &bytes, &w, &h) == MTCNN_OK && bytes == 96 * 112 * 3 * 4 && w == 96);
    mtcnn_align_options bad = options;
    bad.size = 2;
    CHECK(mtcnn_align_crop_size(&bad, &bytes, NULL, NULL) == MTCNN_ERROR_INVALID_ARGUMENT && bytes == 0);
    bad = options;
    bad.struct_size = 12;
    CHECK(mtcnn_align_crop_size(&bad, &bytes, NULL, NULL) == MTCNN_ERROR_INVALID_ARGUMENT);

    size_t size = 0;
    uint8_t* weights = random_weights(7, &size);
    mtcnn_detector* detector = NULL;
    CHECK(weights && mtcnn_detector_create_from_buffer(weights, size, NULL, &detector) == MTCNN_OK);
    free(weights);

    /* A 112x112 image where R = x, G = y, B = 77: the template face maps every crop pixel onto itself. */
    enum { W = 112, H = 112 };
    static uint8_t rgb[W * H * 3];
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            rgb[(y * W + x) * 3] = (uint8_t)x;
            rgb[(y * W + x) * 3 + 1] = (uint8_t)y;
            rgb[(y * W + x) * 3 + 2] = 77;
        }
    mtcnn_image image = { rgb, sizeof rgb, W, H, W * 3, MTCNN_PIXEL_RGB24 };
    mtcnn_face faces[2];
    memset(faces, 0, sizeof faces);
    for (int i = 0; i < 2; i++) {
        faces[i].x1 = 20; faces[i].y1 = 30; faces[i].x2 = 90; faces[i].y2 = 100; faces[i].confidence = 0.9f;
        memcpy(faces[i].landmarks, template112, sizeof template112);
    }
    static uint8_t crops[2 * 112 * 112 * 3];
    CHECK(mtcnn_align(detector, &image, faces, 2, &options, crops, sizeof crops) == MTCNN_OK);
    int worst = 0;
    for (int y = 0; y < 112; y++)
        for (int x = 0; x < 112; x++) {
            const uint8_t* p = &crops[112 * 112 * 3 + (y * 112 + x) * 3];
            int d = abs(p[0] - x) + abs(p[1] - y) + abs(p[2] - 77);
            if (d > worst) worst = d;
        }
    CHECK(worst <= 1);

    /* BGR output swaps the channels. */
    mtcnn_align_options bgr = options;
    bgr.output = MTCNN_ALIGN_BGR24;
    CHECK(mtcnn_align(detector, &image, faces, 1, &bgr, crops, sizeof crops) == MTCNN_OK);
    CHECK(crops[0] == 77 && abs(crops[(5 * 112 + 9) * 3 + 2] - 9) <= 1);

    /* Errors: too small an output (nothing written), NULLs, a bad handle, coincident landmarks. */
    memset(crops, 0xAB, sizeof crops);
    CHECK(mtcnn_align(detector, &image, faces, 2, &options, crops, sizeof crops - 1) == MTCNN_ERROR_BUFFER_TOO_SMALL);
    CHECK(crops[0] == 0xAB && strstr(mtcnn_last_error(), "need") != NULL);
    CHECK(mtcnn_align(detector, &image, faces, 1, NULL, crops, sizeof crops) == MTCNN_ERROR_NULL_POINTER);
    CHECK(mtcnn_align(detector, &image, NULL, 1, &options, crops, sizeof crops) == MTCNN_ERROR_NULL_POINTER);
    CHECK(mtcnn_align(detector, NULL, faces, 1, &options, crops, sizeof crops) == MTCNN_ERROR_NULL_POINTER);
    CHECK(mtcnn_align(NULL, &image, faces, 1, &options, crops, sizeof crops) == MTCNN_ERROR_INVALID_HANDLE);
    CHECK(mtcnn_align(detector, &image, faces, -1, &options, crops, sizeof crops) == MTCNN_ERROR_INVALID_ARGUMENT);
    CHECK(mtcnn_align(detector, &image, faces, 0, &options, NULL, 0) == MTCNN_OK);
    for (int k = 0; k < 10; k++) faces[1].landmarks[k] = 50.0f;
    CHECK(mtcnn_align(detector, &image, faces, 2, &options, crops, sizeof crops) == MTCNN_ERROR_INVALID_ARGUMENT);
    CHECK(strstr(mtcnn_last_error(), "Face 1") != NULL);

    CHECK(mtcnn_detector_free(detector) == MTCNN_OK);
    printf("test_align: %d checks, %d failed\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
