/*
 * Example host: detects faces in a PPM image through libmtcnn and prints them.
 *   mtcnn_detect WEIGHTS|--default IMAGE.ppm [--min-face N] [--expect COUNT]
 * With --expect, exits 1 unless exactly COUNT faces are found (used by CTest).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mtcnn.h"
#include "ppm.h"

int main(int argc, char** argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s WEIGHTS|--default IMAGE.ppm [--min-face N] [--expect COUNT]\n", argv[0]);
        return 2;
    }
    int expect = -1;
    mtcnn_options options;
    if (mtcnn_options_init(&options) != MTCNN_OK) return 1;
    for (int i = 3; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--expect") == 0) expect = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--min-face") == 0) options.min_face_size = (float)atof(argv[i + 1]);
        else { fprintf(stderr, "unknown option %s\n", argv[i]); return 2; }
    }

    int width, height;
    uint8_t* rgb = ppm_read(argv[2], &width, &height);
    if (!rgb) return 1;

    mtcnn_detector* detector = NULL;
    mtcnn_status status = strcmp(argv[1], "--default") == 0
        ? mtcnn_detector_create_default(&options, &detector)
        : mtcnn_detector_create_from_file(argv[1], &options, &detector);
    if (status != MTCNN_OK) {
        fprintf(stderr, "cannot create detector (status %d): %s\n", (int)status, mtcnn_last_error());
        free(rgb);
        return 1;
    }

    mtcnn_image image = { rgb, (size_t)width * height * 3, width, height, width * 3, MTCNN_PIXEL_RGB24 };
    mtcnn_face* faces = NULL;
    int32_t count = 0;
    status = mtcnn_detect_alloc(detector, &image, &faces, &count);
    if (status != MTCNN_OK) {
        fprintf(stderr, "detection failed (status %d): %s\n", (int)status, mtcnn_last_error());
    } else {
        printf("libmtcnn %s: %d faces in %s (%dx%d)\n", mtcnn_version(), count, argv[2], width, height);
        for (int i = 0; i < count; i++) {
            const mtcnn_face* f = &faces[i];
            printf("face %d: box (%.1f, %.1f)-(%.1f, %.1f) confidence %.4f landmarks", i, f->x1, f->y1, f->x2, f->y2,
                   f->confidence);
            for (int k = 0; k < 5; k++) printf(" (%.1f, %.1f)", f->landmarks[2 * k], f->landmarks[2 * k + 1]);
            printf("\n");
        }
    }
    mtcnn_faces_free(faces);
    mtcnn_detector_free(detector);
    free(rgb);
    if (status != MTCNN_OK) return 1;
    if (expect >= 0 && count != expect) {
        fprintf(stderr, "expected %d faces, found %d\n", expect, count);
        return 1;
    }
    return 0;
}
