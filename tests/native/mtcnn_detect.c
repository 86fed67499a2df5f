/*
 * Example host: detects faces in a PPM image through libmtcnn, prints them, and cuts out aligned 112x112
 * ArcFace crops of every face (mtcnn_align), written as PREFIX_<i>.ppm with --crops PREFIX.
 *   mtcnn_detect WEIGHTS|--default IMAGE.ppm [--min-face N] [--expect COUNT] [--crops PREFIX]
 * With --expect, exits 1 unless exactly COUNT faces are found (used by CTest).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mtcnn.h"
#include "ppm.h"

/* Aligned ArcFace crops of every face into one caller buffer; prints each crop's mean and optionally writes it. */
static int align_faces(mtcnn_detector* detector, const mtcnn_image* image, const mtcnn_face* faces, int32_t count,
                       const char* prefix)
{
    mtcnn_align_options align;
    size_t crop_bytes = 0;
    int32_t cw = 0, ch = 0;
    if (mtcnn_align_options_init(&align) != MTCNN_OK || mtcnn_align_crop_size(&align, &crop_bytes, &cw, &ch) != MTCNN_OK) return 1;
    uint8_t* crops = malloc(crop_bytes * (size_t)count);
    if (!crops) return 1;
    mtcnn_status status = mtcnn_align(detector, image, faces, count, &align, crops, crop_bytes * (size_t)count);
    if (status != MTCNN_OK) {
        fprintf(stderr, "alignment failed (status %d): %s\n", (int)status, mtcnn_last_error());
        free(crops);
        return 1;
    }
    for (int32_t i = 0; i < count; i++) {
        const uint8_t* crop = crops + crop_bytes * (size_t)i;
        double sum = 0;
        for (size_t k = 0; k < crop_bytes; k++) sum += crop[k];
        printf("crop %d: %dx%d aligned, mean %.1f", (int)i, (int)cw, (int)ch, sum / (double)crop_bytes);
        if (prefix) {
            char path[4096];
            snprintf(path, sizeof path, "%s_%d.ppm", prefix, (int)i);
            if (ppm_write(path, crop, cw, ch) != 0) { free(crops); return 1; }
            printf(" -> %s", path);
        }
        printf("\n");
    }
    free(crops);
    return 0;
}

int main(int argc, char** argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s WEIGHTS|--default IMAGE.ppm [--min-face N] [--expect COUNT]\n", argv[0]);
        return 2;
    }
    int expect = -1;
    const char* crops_prefix = NULL;
    mtcnn_options options;
    if (mtcnn_options_init(&options) != MTCNN_OK) return 1;
    for (int i = 3; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--expect") == 0) expect = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--min-face") == 0) options.min_face_size = (float)atof(argv[i + 1]);
        else if (strcmp(argv[i], "--crops") == 0) crops_prefix = argv[i + 1];
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
        if (count > 0 && align_faces(detector, &image, faces, count, crops_prefix) != 0) status = MTCNN_ERROR_INTERNAL;
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
