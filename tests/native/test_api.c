/*
 * Tests of the C ABI against libmtcnn.so (run by CTest):
 *   test_api errors          error paths that need no weights at all
 *   test_api random          seeded random weights: image validation, the three detect entry points agreeing,
 *                            pixel formats/strides, buffer-too-small, threads
 *   test_api blank WEIGHTS   real weights: a uniform grey image has no face
 *   test_api fixtures DIR    writes random.safetensors and noise.ppm for the example-host tests
 *   test_api soak N [WEIGHTS IMAGE.ppm]   offline soak printing RSS (perf/results/native-soak.md)
 * Exit status: 0 all checks passed, 1 some failed, 77 skipped (CTest SKIP_RETURN_CODE).
 */
#include <math.h>
#include <stddef.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mtcnn.h"
#include "ppm.h"
#include "random_weights.h"
#include "check.h"

/* The struct layouts the C# mirrors (src/Engine/Native/NativeTypes.cs) assume on LP64 Linux. */
_Static_assert(sizeof(mtcnn_options) == 36, "mtcnn_options layout changed: update NativeOptions");
_Static_assert(sizeof(mtcnn_face) == 60, "mtcnn_face layout changed: update NativeFace");
_Static_assert(sizeof(mtcnn_image) == 32 && offsetof(mtcnn_image, width) == 16, "mtcnn_image layout changed: update NativeImage");


/* The status is right and a message explains it. */
#define CHECK_STATUS(call, expected)                                                                     \
    do {                                                                                                 \
        mtcnn_status s_ = (call);                                                                        \
        CHECK(s_ == (expected));                                                                         \
        if (s_ != (expected)) fprintf(stderr, "  got status %d from %s\n", (int)s_, #call);              \
        if ((expected) != MTCNN_OK) CHECK(mtcnn_last_error()[0] != '\0');                                \
        else CHECK(mtcnn_last_error()[0] == '\0');                                                       \
    } while (0)

static void* other_thread_error(void* arg)
{
    (void)arg;
    /* the main thread's last error is not visible here */
    return (void*)(size_t)(mtcnn_last_error()[0] == '\0');
}

static int test_errors(void)
{
    CHECK(mtcnn_version() != NULL && mtcnn_version()[0] != '\0');
    CHECK(mtcnn_last_error() != NULL);

    CHECK_STATUS(mtcnn_options_init(NULL), MTCNN_ERROR_NULL_POINTER);
    mtcnn_options options;
    CHECK_STATUS(mtcnn_options_init(&options), MTCNN_OK);
    CHECK(options.struct_size == sizeof(mtcnn_options));
    CHECK(options.min_face_size == 20.0f && options.backend == MTCNN_BACKEND_AUTO);

    mtcnn_detector* d = (mtcnn_detector*)0x1;
    CHECK_STATUS(mtcnn_detector_create_from_file(NULL, NULL, &d), MTCNN_ERROR_NULL_POINTER);
    CHECK(d == NULL);
    CHECK_STATUS(mtcnn_detector_create_from_file("", NULL, &d), MTCNN_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(mtcnn_detector_create_from_file("/nonexistent/weights.safetensors", NULL, &d), MTCNN_ERROR_WEIGHTS_FORMAT);
    CHECK(d == NULL && strstr(mtcnn_last_error(), "/nonexistent/weights.safetensors") != NULL);
    CHECK_STATUS(mtcnn_detector_create_from_file("/tmp", NULL, NULL), MTCNN_ERROR_NULL_POINTER);

    /* the last error is per thread */
    pthread_t t;
    void* clean = NULL;
    CHECK(pthread_create(&t, NULL, other_thread_error, NULL) == 0 && pthread_join(t, &clean) == 0);
    CHECK(clean == (void*)1);

    const char garbage[] = "this is not a safetensors file";
    CHECK_STATUS(mtcnn_detector_create_from_buffer(garbage, sizeof garbage, NULL, &d), MTCNN_ERROR_WEIGHTS_FORMAT);
    CHECK_STATUS(mtcnn_detector_create_from_buffer(garbage, 0, NULL, &d), MTCNN_ERROR_WEIGHTS_FORMAT);
    CHECK_STATUS(mtcnn_detector_create_from_buffer(NULL, 10, NULL, &d), MTCNN_ERROR_NULL_POINTER);
    /* a plausible header length with nothing behind it */
    const uint8_t truncated[12] = { 64, 0, 0, 0, 0, 0, 0, 0, '{', '"', 'a', '"' };
    CHECK_STATUS(mtcnn_detector_create_from_buffer(truncated, sizeof truncated, NULL, &d), MTCNN_ERROR_WEIGHTS_FORMAT);
    /* valid JSON, wrong content */
    const char empty_json[] = "\x02\0\0\0\0\0\0\0{}";
    CHECK_STATUS(mtcnn_detector_create_from_buffer(empty_json, sizeof empty_json - 1, NULL, &d), MTCNN_ERROR_WEIGHTS_FORMAT);
    CHECK(d == NULL);

    /* option errors are reported before weights are touched */
    mtcnn_options bad = options;
    bad.struct_size = 4;
    CHECK_STATUS(mtcnn_detector_create_from_buffer(garbage, sizeof garbage, &bad, &d), MTCNN_ERROR_INVALID_ARGUMENT);
    bad = options;
    bad.min_face_size = 5.0f;
    CHECK_STATUS(mtcnn_detector_create_from_buffer(garbage, sizeof garbage, &bad, &d), MTCNN_ERROR_INVALID_ARGUMENT);
    bad = options;
    bad.pnet_threshold = NAN;
    CHECK_STATUS(mtcnn_detector_create_from_buffer(garbage, sizeof garbage, &bad, &d), MTCNN_ERROR_INVALID_ARGUMENT);
    bad = options;
    bad.backend = 42;
    CHECK_STATUS(mtcnn_detector_create_from_buffer(garbage, sizeof garbage, &bad, &d), MTCNN_ERROR_INVALID_ARGUMENT);
    bad = options;
    bad.cpu_threads = -1;
    CHECK_STATUS(mtcnn_detector_create_from_buffer(garbage, sizeof garbage, &bad, &d), MTCNN_ERROR_INVALID_ARGUMENT);

    /* the default weights are either embedded or reported missing, never a crash */
    mtcnn_status s = mtcnn_detector_create_default(NULL, &d);
    CHECK(s == MTCNN_OK || s == MTCNN_ERROR_NO_DEFAULT_WEIGHTS);
    CHECK((s == MTCNN_OK) == (d != NULL));
    CHECK_STATUS(mtcnn_detector_free(d), MTCNN_OK);

    /* handles: NULL is fine to free, made-up ones are reported */
    CHECK_STATUS(mtcnn_detector_free(NULL), MTCNN_OK);
    CHECK_STATUS(mtcnn_detector_free((mtcnn_detector*)0x12345), MTCNN_ERROR_INVALID_HANDLE);
    uint8_t px[3 * 16 * 16] = { 0 };
    mtcnn_image image = { px, sizeof px, 16, 16, 48, MTCNN_PIXEL_RGB24 };
    mtcnn_face face;
    int32_t count = 99;
    CHECK_STATUS(mtcnn_detect((mtcnn_detector*)0x12345, &image, &face, 1, &count), MTCNN_ERROR_INVALID_HANDLE);
    CHECK(count == 0);
    mtcnn_face* faces = (mtcnn_face*)0x1;
    CHECK_STATUS(mtcnn_detect_alloc(NULL, &image, &faces, &count), MTCNN_ERROR_INVALID_HANDLE);
    CHECK(faces == NULL);
    int32_t backend;
    CHECK_STATUS(mtcnn_detector_backend(NULL, &backend), MTCNN_ERROR_INVALID_HANDLE);
    mtcnn_faces_free(NULL);
    return 0;
}

static int same_faces(const mtcnn_face* a, const mtcnn_face* b, int n)
{
    return n == 0 || memcmp(a, b, (size_t)n * sizeof(mtcnn_face)) == 0;
}

typedef struct {
    mtcnn_detector* detector;
    const mtcnn_image* image;
    const mtcnn_face* expected;
    int32_t expected_count;
    int mismatches;
} thread_job;

static void* detect_repeatedly(void* arg)
{
    thread_job* job = arg;
    for (int i = 0; i < 3; i++) {
        mtcnn_face* faces = NULL;
        int32_t count = 0;
        if (mtcnn_detect_alloc(job->detector, job->image, &faces, &count) != MTCNN_OK || count != job->expected_count
            || !same_faces(faces, job->expected, count))
            job->mismatches++;
        mtcnn_faces_free(faces);
    }
    return NULL;
}

static int test_random(void)
{
    size_t size;
    uint8_t* weights = random_weights(1234, &size);
    CHECK(weights != NULL);
    if (!weights) return 1;
    mtcnn_options options;
    mtcnn_options_init(&options);
    /* zero thresholds let every candidate through, so random nets still produce faces to compare */
    options.pnet_threshold = options.rnet_threshold = options.onet_threshold = 0.0f;
    options.min_face_size = 28.0f;
    options.backend = MTCNN_BACKEND_CPU; /* the default, AUTO, would pick CUDA on a GPU machine */
    mtcnn_detector* d = NULL;
    CHECK_STATUS(mtcnn_detector_create_from_buffer(weights, size, &options, &d), MTCNN_OK);
    free(weights);
    if (!d) return 1;
    int32_t backend = -1;
    CHECK_STATUS(mtcnn_detector_backend(d, &backend), MTCNN_OK);
    CHECK(backend == MTCNN_BACKEND_CPU);

    /* a noise image, RGB24 packed, and the same pixels as BGRA32 with padded rows */
    enum { W = 56, H = 48, PAD = 40 };
    uint8_t* rgb = malloc(W * H * 3);
    uint8_t* bgra = malloc((W * 4 + PAD) * H);
    uint32_t state = 99;
    for (int i = 0; i < W * H; i++) {
        for (int c = 0; c < 3; c++) {
            state = state * 1664525u + 1013904223u;
            rgb[3 * i + c] = (uint8_t)(state >> 24);
        }
    }
    memset(bgra, 0xAB, (W * 4 + PAD) * H);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            uint8_t* p = bgra + y * (W * 4 + PAD) + 4 * x;
            const uint8_t* q = rgb + 3 * (y * W + x);
            p[0] = q[2]; p[1] = q[1]; p[2] = q[0]; p[3] = 255;
        }
    mtcnn_image image = { rgb, W * H * 3, W, H, W * 3, MTCNN_PIXEL_RGB24 };
    mtcnn_image image_bgra = { bgra, (W * 4 + PAD) * H, W, H, W * 4 + PAD, MTCNN_PIXEL_BGRA32 };

    /* image validation */
    mtcnn_face buffer[64];
    int32_t count = 0;
    mtcnn_image bad = image;
    CHECK_STATUS(mtcnn_detect(d, NULL, buffer, 64, &count), MTCNN_ERROR_NULL_POINTER);
    bad.pixels = NULL;
    CHECK_STATUS(mtcnn_detect(d, &bad, buffer, 64, &count), MTCNN_ERROR_NULL_POINTER);
    bad = image; bad.width = 0;
    CHECK_STATUS(mtcnn_detect(d, &bad, buffer, 64, &count), MTCNN_ERROR_INVALID_ARGUMENT);
    bad = image; bad.height = -5;
    CHECK_STATUS(mtcnn_detect(d, &bad, buffer, 64, &count), MTCNN_ERROR_INVALID_ARGUMENT);
    bad = image; bad.stride = W * 3 - 1;
    CHECK_STATUS(mtcnn_detect(d, &bad, buffer, 64, &count), MTCNN_ERROR_INVALID_ARGUMENT);
    bad = image; bad.stride = -W * 3;
    CHECK_STATUS(mtcnn_detect(d, &bad, buffer, 64, &count), MTCNN_ERROR_INVALID_ARGUMENT);
    bad = image; bad.size = W * H * 3 - 1;
    CHECK_STATUS(mtcnn_detect(d, &bad, buffer, 64, &count), MTCNN_ERROR_INVALID_ARGUMENT);
    bad = image; bad.format = 4;
    CHECK_STATUS(mtcnn_detect(d, &bad, buffer, 64, &count), MTCNN_ERROR_INVALID_ARGUMENT);
    bad = image; bad.format = MTCNN_PIXEL_RGBA32; /* 4 bytes per pixel do not fit a 3-byte stride */
    CHECK_STATUS(mtcnn_detect(d, &bad, buffer, 64, &count), MTCNN_ERROR_INVALID_ARGUMENT);
    bad = image; bad.width = 40000;
    CHECK_STATUS(mtcnn_detect(d, &bad, buffer, 64, &count), MTCNN_ERROR_INVALID_ARGUMENT);
    /* a size claim that passes but spans more than the library can address: refused without reading */
    bad = image; bad.width = 10; bad.height = 3; bad.stride = 1 << 30; bad.size = SIZE_MAX;
    CHECK_STATUS(mtcnn_detect(d, &bad, buffer, 64, &count), MTCNN_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(mtcnn_detect(d, &image, NULL, 5, &count), MTCNN_ERROR_NULL_POINTER);
    CHECK_STATUS(mtcnn_detect(d, &image, buffer, -1, &count), MTCNN_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(mtcnn_detect(d, &image, buffer, 64, NULL), MTCNN_ERROR_NULL_POINTER);
    CHECK_STATUS(mtcnn_detect_alloc(d, &image, NULL, &count), MTCNN_ERROR_NULL_POINTER);

    /* the entry points agree */
    mtcnn_face* owned = NULL;
    int32_t n = -1;
    CHECK_STATUS(mtcnn_detect_alloc(d, &image, &owned, &n), MTCNN_OK);
    printf("random weights: %d faces on a %dx%d noise image\n", n, W, H);
    CHECK(n >= 2 && n <= 64);
    CHECK((n == 0) == (owned == NULL));
    for (int i = 0; i < n; i++) {
        const mtcnn_face* f = &owned[i];
        CHECK(isfinite(f->x1) && isfinite(f->y2) && f->x1 < f->x2 && f->y1 < f->y2);
        CHECK(f->confidence > 0.0f && f->confidence <= 1.0f);
        if (i > 0) CHECK(f->confidence <= owned[i - 1].confidence);
    }
    CHECK_STATUS(mtcnn_detect(d, &image, buffer, 64, &count), MTCNN_OK);
    CHECK(count == n && same_faces(buffer, owned, n));
    CHECK_STATUS(mtcnn_detect(d, &image_bgra, buffer, 64, &count), MTCNN_OK);
    CHECK(count == n && same_faces(buffer, owned, n));
    /* count query and a too small array */
    CHECK_STATUS(mtcnn_detect(d, &image, NULL, 0, &count), n > 0 ? MTCNN_ERROR_BUFFER_TOO_SMALL : MTCNN_OK);
    CHECK(count == n);
    memset(buffer, 0x5A, sizeof buffer);
    mtcnn_face sentinel;
    memcpy(&sentinel, &buffer[1], sizeof sentinel);
    CHECK_STATUS(mtcnn_detect(d, &image, buffer, 1, &count), MTCNN_ERROR_BUFFER_TOO_SMALL);
    CHECK(count == n && same_faces(buffer, owned, 1) && memcmp(&buffer[1], &sentinel, sizeof sentinel) == 0);

    /* batch: results per image, in order, equal to single detections */
    uint8_t* grey = malloc(W * H * 3);
    memset(grey, 128, W * H * 3);
    mtcnn_image batch[3] = { image, { grey, W * H * 3, W, H, W * 3, MTCNN_PIXEL_RGB24 }, image_bgra };
    mtcnn_face* grey_faces = NULL;
    int32_t grey_n = 0;
    CHECK_STATUS(mtcnn_detect_alloc(d, &batch[1], &grey_faces, &grey_n), MTCNN_OK);
    int32_t counts[3] = { -1, -1, -1 };
    mtcnn_face* all = NULL;
    CHECK_STATUS(mtcnn_detect_batch(d, batch, 3, counts, &all), MTCNN_OK);
    CHECK(counts[0] == n && counts[1] == grey_n && counts[2] == n);
    if (counts[0] == n && counts[1] == grey_n && counts[2] == n) {
        CHECK(same_faces(all, owned, n));
        CHECK(same_faces(all + n, grey_faces, grey_n));
        CHECK(same_faces(all + n + grey_n, owned, n));
    }
    mtcnn_faces_free(all);
    mtcnn_faces_free(grey_faces);
    batch[1].stride = 1; /* one bad image fails the whole batch before any work */
    all = (mtcnn_face*)0x1;
    CHECK_STATUS(mtcnn_detect_batch(d, batch, 3, counts, &all), MTCNN_ERROR_INVALID_ARGUMENT);
    CHECK(all == NULL && strstr(mtcnn_last_error(), "images[1]") != NULL); /* the message names the image */
    CHECK_STATUS(mtcnn_detect_batch(d, batch, -1, counts, &all), MTCNN_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(mtcnn_detect_batch(d, NULL, 2, counts, &all), MTCNN_ERROR_NULL_POINTER);
    CHECK_STATUS(mtcnn_detect_batch(d, batch, 2, NULL, &all), MTCNN_ERROR_NULL_POINTER);
    CHECK_STATUS(mtcnn_detect_batch(d, NULL, 0, NULL, &all), MTCNN_OK);
    CHECK(all == NULL);

    /* one detector, several threads: every result equals the serial one */
    enum { THREADS = 4 };
    pthread_t threads[THREADS];
    thread_job jobs[THREADS];
    for (int i = 0; i < THREADS; i++) {
        jobs[i] = (thread_job){ d, i % 2 ? &image_bgra : &image, owned, n, 0 };
        CHECK(pthread_create(&threads[i], NULL, detect_repeatedly, &jobs[i]) == 0);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(threads[i], NULL);
        CHECK(jobs[i].mismatches == 0);
    }

    mtcnn_faces_free(owned);
    CHECK_STATUS(mtcnn_detector_free(d), MTCNN_OK);
    CHECK_STATUS(mtcnn_detector_free(d), MTCNN_ERROR_INVALID_HANDLE);
    CHECK_STATUS(mtcnn_detect(d, &image, buffer, 64, &count), MTCNN_ERROR_INVALID_HANDLE);
    free(rgb);
    free(bgra);
    free(grey);
    return 0;
}

/* Writes the files the example-host tests use: random weights and a noise image. */
static int write_fixtures(const char* dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/random.safetensors", dir);
    if (random_weights_write(path, 1234) != 0) return 1;
    enum { W = 160, H = 120 };
    uint8_t* rgb = malloc(W * H * 3);
    uint32_t state = 7;
    for (int i = 0; i < W * H * 3; i++) {
        state = state * 1664525u + 1013904223u;
        rgb[i] = (uint8_t)(state >> 24);
    }
    snprintf(path, sizeof path, "%s/noise.ppm", dir);
    int rc = ppm_write(path, rgb, W, H);
    free(rgb);
    return rc == 0 ? 0 : 1;
}

/* Resident set size in KB, from /proc/self/statm (Linux). */
static long rss_kb(void)
{
    long pages = 0, resident = 0;
    FILE* f = fopen("/proc/self/statm", "r");
    if (!f) return -1;
    if (fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = -1;
    fclose(f);
    return resident < 0 ? -1 : resident * 4;
}

/* Offline soak: N detections (alloc/free and caller-array calls, an error call every 7th, a detector created
 * and freed every 1000th) printing RSS at each tenth; with WEIGHTS and IMAGE.ppm, else random weights + noise. */
static int soak(long n, const char* weights_path, const char* image_path)
{
    mtcnn_options options;
    mtcnn_options_init(&options);
    size_t size = 0;
    uint8_t* weights = NULL;
    int width = 48, height = 40;
    uint8_t* rgb = NULL;
    if (weights_path && image_path) {
        rgb = ppm_read(image_path, &width, &height);
        if (!rgb) return 1;
    } else {
        weights = random_weights(1234, &size);
        rgb = malloc((size_t)width * height * 3);
        uint32_t state = 7;
        for (int i = 0; i < width * height * 3; i++) {
            state = state * 1664525u + 1013904223u;
            rgb[i] = (uint8_t)(state >> 24);
        }
        options.pnet_threshold = 0.45f;
        options.rnet_threshold = 0.45f;
        options.onet_threshold = 0.3f;
    }
    mtcnn_detector* d = NULL;
    mtcnn_status s = weights ? mtcnn_detector_create_from_buffer(weights, size, &options, &d)
                             : mtcnn_detector_create_from_file(weights_path, &options, &d);
    if (s != MTCNN_OK) { fprintf(stderr, "create: %s\n", mtcnn_last_error()); return 1; }
    mtcnn_image image = { rgb, (size_t)width * height * 3, width, height, width * 3, MTCNN_PIXEL_RGB24 };
    mtcnn_image bad = image;
    bad.stride = 1;
    mtcnn_face buffer[32];
    long faces_total = 0;
    printf("soak: %ld detections of a %dx%d image\n", n, width, height);
    for (long i = 0; i < n; i++) {
        int32_t count = 0;
        if (i % 2 == 0) {
            mtcnn_face* owned = NULL;
            CHECK(mtcnn_detect_alloc(d, &image, &owned, &count) == MTCNN_OK);
            mtcnn_faces_free(owned);
        } else {
            s = mtcnn_detect(d, &image, buffer, 32, &count);
            CHECK(s == MTCNN_OK || s == MTCNN_ERROR_BUFFER_TOO_SMALL);
        }
        faces_total += count;
        if (i % 7 == 0) CHECK(mtcnn_detect(d, &bad, buffer, 32, &count) == MTCNN_ERROR_INVALID_ARGUMENT);
        if (i % 1000 == 0) {
            mtcnn_detector* extra = NULL;
            CHECK(weights ? mtcnn_detector_create_from_buffer(weights, size, &options, &extra) == MTCNN_OK
                          : mtcnn_detector_create_from_file(weights_path, &options, &extra) == MTCNN_OK);
            CHECK(mtcnn_detector_free(extra) == MTCNN_OK);
        }
        if ((i + 1) % (n / 10 > 0 ? n / 10 : 1) == 0) {
            printf("after %ld detections: %ld faces so far, RSS %ld KB\n", i + 1, faces_total, rss_kb());
            fflush(stdout);
        }
    }
    mtcnn_detector_free(d);
    free(weights);
    free(rgb);
    return 0;
}

static int test_blank(const char* weights_path)
{
    FILE* f = fopen(weights_path, "rb");
    if (!f) {
        printf("SKIP: %s is absent (../shared/data is not part of the repository)\n", weights_path);
        return 77;
    }
    fclose(f);
    mtcnn_detector* d = NULL;
    CHECK_STATUS(mtcnn_detector_create_from_file(weights_path, NULL, &d), MTCNN_OK);
    if (!d) return 1;
    enum { W = 320, H = 240 };
    uint8_t* grey = malloc(W * H * 3);
    memset(grey, 128, W * H * 3);
    mtcnn_image image = { grey, W * H * 3, W, H, W * 3, MTCNN_PIXEL_RGB24 };
    mtcnn_face faces[8];
    int32_t count = -1;
    CHECK_STATUS(mtcnn_detect(d, &image, faces, 8, &count), MTCNN_OK);
    CHECK(count == 0);
    CHECK_STATUS(mtcnn_detector_free(d), MTCNN_OK);
    free(grey);
    return 0;
}

int main(int argc, char** argv)
{
    int rc;
    if (argc >= 2 && strcmp(argv[1], "errors") == 0) rc = test_errors();
    else if (argc >= 2 && strcmp(argv[1], "random") == 0) rc = test_random();
    else if (argc >= 3 && strcmp(argv[1], "blank") == 0) rc = test_blank(argv[2]);
    else if (argc >= 3 && strcmp(argv[1], "fixtures") == 0) return write_fixtures(argv[2]);
    else if (argc >= 3 && strcmp(argv[1], "soak") == 0) rc = soak(atol(argv[2]), argc >= 5 ? argv[3] : NULL, argc >= 5 ? argv[4] : NULL);
    else {
        fprintf(stderr, "usage: %s errors | random | blank WEIGHTS | fixtures DIR | soak N [WEIGHTS IMAGE.ppm]\n", argv[0]);
        return 2;
    }
    if (rc == 77) return 77;
    printf("%d checks, %d failed\n", checks, failures);
    return (rc != 0 || failures != 0) ? 1 : 0;
}
