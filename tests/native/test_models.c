/*
 * The models embedded in libmtcnn: mtcnn_model_names, mtcnn_detector_create_default and _create_named.
 *   test_models [SAMPLE.ppm EXPECTED_FACES]
 * With a sample image, the default and the named "original" model must both find EXPECTED_FACES faces, the same ones;
 * the project's own model ("own", not the default) must find EXPECTED_FACES faces too.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mtcnn.h"
#include "ppm.h"

static int failures = 0;

#define CHECK(cond)                                                                                            \
    do {                                                                                                       \
        if (!(cond)) {                                                                                         \
            failures++;                                                                                        \
            fprintf(stderr, "%s:%d: check failed: %s (last error: %s)\n", __FILE__, __LINE__, #cond, mtcnn_last_error()); \
        }                                                                                                      \
    } while (0)

static int detect(mtcnn_detector* d, const uint8_t* rgb, int w, int h, mtcnn_face** faces, int32_t* count)
{
    mtcnn_image image = { rgb, (size_t)w * h * 3, w, h, w * 3, MTCNN_PIXEL_RGB24 };
    return mtcnn_detect_alloc(d, &image, faces, count) == MTCNN_OK;
}

int main(int argc, char** argv)
{
    const char* names = mtcnn_model_names();
    CHECK(names != NULL && strstr(names, "original") != NULL && strstr(names, "own") != NULL);
    printf("embedded models: %s\n", names ? names : "(null)");

    mtcnn_detector *by_default = NULL, *by_name = NULL, *own = NULL, *unknown = (mtcnn_detector*)0x1;
    CHECK(mtcnn_detector_create_default(NULL, &by_default) == MTCNN_OK && by_default != NULL);
    CHECK(mtcnn_detector_create_named("original", NULL, &by_name) == MTCNN_OK && by_name != NULL);
    CHECK(mtcnn_detector_create_named("own", NULL, &own) == MTCNN_OK && own != NULL);

    /* Unknown names, NULLs: clear statuses and messages, no detector. */
    CHECK(mtcnn_detector_create_named("no-such-model", NULL, &unknown) == MTCNN_ERROR_INVALID_ARGUMENT);
    CHECK(unknown == NULL);
    CHECK(strstr(mtcnn_last_error(), "no-such-model") != NULL && strstr(mtcnn_last_error(), "original") != NULL);
    CHECK(mtcnn_detector_create_named(NULL, NULL, &unknown) == MTCNN_ERROR_NULL_POINTER);
    CHECK(mtcnn_detector_create_named("original", NULL, NULL) == MTCNN_ERROR_NULL_POINTER);

    if (argc >= 3 && by_default && by_name && own) {
        int w, h;
        uint8_t* rgb = ppm_read(argv[1], &w, &h);
        CHECK(rgb != NULL);
        if (rgb) {
            mtcnn_face *a = NULL, *b = NULL;
            int32_t na = -1, nb = -1;
            CHECK(detect(by_default, rgb, w, h, &a, &na));
            CHECK(detect(by_name, rgb, w, h, &b, &nb));
            printf("%s (%dx%d): %d faces with the default model, %d with \"original\"\n", argv[1], w, h, na, nb);
            CHECK(na == atoi(argv[2]));
            CHECK(na == nb);
            for (int i = 0; i < na && i < nb; i++)
                CHECK(fabsf(a[i].x1 - b[i].x1) < 1e-3f && fabsf(a[i].y2 - b[i].y2) < 1e-3f && fabsf(a[i].confidence - b[i].confidence) < 1e-6f);
            mtcnn_face* c = NULL;
            int32_t nc = -1;
            CHECK(detect(own, rgb, w, h, &c, &nc));
            printf("%d faces with \"own\"\n", nc);
            CHECK(nc == atoi(argv[2]));
            mtcnn_faces_free(a);
            mtcnn_faces_free(b);
            mtcnn_faces_free(c);
            free(rgb);
        }
    }
    mtcnn_detector_free(by_default);
    mtcnn_detector_free(by_name);
    mtcnn_detector_free(own);
    if (failures) fprintf(stderr, "%d check(s) failed\n", failures);
    else printf("all checks passed\n");
    return failures ? 1 : 0;
}
