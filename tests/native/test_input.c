/* The input-path entry points of mtcnn.h from C: a registered host buffer detects like an unregistered one (on the
 * CPU backend registration is a no-op handle, on CUDA it page-locks), registration handles follow the handle rules,
 * and a device image on the CPU backend is refused with MTCNN_ERROR_UNSUPPORTED. Random weights: no data needed. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "random_weights.h"

#define CHECK_STATUS(call, expected) CHECK((call) == (expected))

int main(void)
{
    size_t size;
    uint8_t* weights = random_weights(77, &size);
    CHECK(weights != NULL);
    if (!weights) return 1;
    mtcnn_options options;
    mtcnn_options_init(&options);
    options.pnet_threshold = options.rnet_threshold = options.onet_threshold = 0.0f; /* random nets: let faces through */
    options.min_face_size = 28.0f;
    options.backend = MTCNN_BACKEND_CPU;
    mtcnn_detector* d = NULL;
    CHECK_STATUS(mtcnn_detector_create_from_buffer(weights, size, &options, &d), MTCNN_OK);
    free(weights);
    if (!d) return 1;

    enum { W = 64, H = 48 };
    uint8_t* a = malloc(W * H * 3);
    uint8_t* b = malloc(W * H * 3);
    uint32_t state = 5;
    for (int i = 0; i < W * H * 3; i++) {
        state = state * 1664525u + 1013904223u;
        a[i] = (uint8_t)(state >> 24);
    }
    memcpy(b, a, W * H * 3);
    mtcnn_image plain = { a, W * H * 3, W, H, W * 3, MTCNN_PIXEL_RGB24 };
    mtcnn_image in_registered = { b, W * H * 3, W, H, W * 3, MTCNN_PIXEL_RGB24 };

    mtcnn_host_registration* r = NULL;
    CHECK_STATUS(mtcnn_register_host(d, b, W * H * 3, &r), MTCNN_OK);
    CHECK(r != NULL);
    mtcnn_host_registration* overlap = (mtcnn_host_registration*)1;
    CHECK_STATUS(mtcnn_register_host(d, NULL, 16, &overlap), MTCNN_ERROR_NULL_POINTER);
    CHECK(overlap == NULL);

    mtcnn_face *fa = NULL, *fb = NULL;
    int32_t na = -1, nb = -1;
    CHECK_STATUS(mtcnn_detect_alloc(d, &plain, &fa, &na), MTCNN_OK);
    CHECK_STATUS(mtcnn_detect_alloc(d, &in_registered, &fb, &nb), MTCNN_OK);
    CHECK(na > 0 && na == nb);
    CHECK(na == nb && (na == 0 || memcmp(fa, fb, sizeof(mtcnn_face) * (size_t)na) == 0));
    mtcnn_faces_free(fa);
    mtcnn_faces_free(fb);

    CHECK_STATUS(mtcnn_unregister_host(r), MTCNN_OK);
    CHECK_STATUS(mtcnn_unregister_host(r), MTCNN_ERROR_INVALID_HANDLE);
    CHECK_STATUS(mtcnn_unregister_host(NULL), MTCNN_OK);

    mtcnn_device_image device = { 0x10000, W, H, W * 3, MTCNN_PIXEL_RGB24, NULL };
    mtcnn_face* fd = (mtcnn_face*)1;
    int32_t nd = -1;
    CHECK_STATUS(mtcnn_detect_device(d, &device, &fd, &nd), MTCNN_ERROR_UNSUPPORTED);
    CHECK(fd == NULL && nd == 0);
    CHECK(strstr(mtcnn_last_error(), "cannot read GPU memory") != NULL);

    free(a);
    free(b);
    CHECK_STATUS(mtcnn_detector_free(d), MTCNN_OK);
    printf("%d checks, %d failed\n", checks, failures);
    return failures != 0;
}
