/*
 * mtcnn.h — C interface of MtcnnCuda (MTCNN face detection), exported by libmtcnn.so
 * (the engine published with NativeAOT: dotnet publish src/Engine -c Release -r linux-x64 -p:MtcnnNativeLib=true).
 *
 * Rules
 * - Errors: every function that can fail returns an mtcnn_status. MTCNN_OK (0) means success; on any other
 *   value mtcnn_last_error() describes the failure. No function ever aborts the process or lets an exception
 *   escape; NULL pointers, negative or inconsistent sizes, unknown enum values, stale handles and malformed
 *   weights are all reported as status codes. Output pointers are reset (to NULL / 0) before anything else
 *   is checked, so they never hold garbage after a failed call.
 * - Last error: a thread-local, NUL-terminated UTF-8 string owned by the library. A successful call resets it
 *   to "". The pointer stays valid until the next mtcnn_* call on the same thread; copy it if you need it longer.
 *   Each thread that ever failed keeps one small message buffer until the process exits.
 * - Ownership: the caller owns every input (paths, weight buffers, pixel buffers, option structs) and may free
 *   them as soon as the call returns; the library keeps no pointer to them. Detectors are owned by the caller
 *   and released with mtcnn_detector_free. Face arrays returned by mtcnn_detect_alloc / mtcnn_detect_batch are
 *   owned by the caller and released with mtcnn_faces_free (never with free()).
 * - Threading: all functions may be called from any thread. One detector may run detections on several
 *   threads at once (the CPU backend parallelises each detection internally as well). Freeing a detector while
 *   another thread still uses it is a caller bug; the library reports it (MTCNN_ERROR_INVALID_HANDLE) where it
 *   can, but the result of the racing call is unspecified.
 * - Handles are opaque and never reused: a freed or made-up handle gives MTCNN_ERROR_INVALID_HANDLE.
 * - Coordinates are image pixels, x to the right, y down. Faces come in descending confidence order.
 */
#ifndef MTCNN_H
#define MTCNN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum mtcnn_status {
    MTCNN_OK = 0,
    MTCNN_ERROR_INVALID_ARGUMENT = 1,   /* a size, stride, format, option value or path is not acceptable */
    MTCNN_ERROR_NULL_POINTER = 2,       /* a required pointer is NULL */
    MTCNN_ERROR_INVALID_HANDLE = 3,     /* the detector is NULL, freed, or was never created */
    MTCNN_ERROR_WEIGHTS_FORMAT = 4,     /* the weights file/buffer is unreadable, malformed or not MTCNN weights */
    MTCNN_ERROR_NO_DEFAULT_WEIGHTS = 5, /* this build embeds no default weights: pass a file or buffer */
    MTCNN_ERROR_BUFFER_TOO_SMALL = 6,   /* more faces than the caller's array holds (see mtcnn_detect) */
    MTCNN_ERROR_UNSUPPORTED = 7,        /* e.g. the CUDA backend is not available on this machine/build */
    MTCNN_ERROR_OUT_OF_MEMORY = 8,
    MTCNN_ERROR_INTERNAL = 9            /* a bug: please report it with the mtcnn_last_error() text */
} mtcnn_status;

typedef enum mtcnn_pixel_format {
    MTCNN_PIXEL_RGB24 = 0,
    MTCNN_PIXEL_BGR24 = 1,
    MTCNN_PIXEL_RGBA32 = 2,
    MTCNN_PIXEL_BGRA32 = 3
} mtcnn_pixel_format;

typedef enum mtcnn_backend {
    MTCNN_BACKEND_AUTO = 0, /* CUDA when usable, else CPU */
    MTCNN_BACKEND_CPU = 1,
    MTCNN_BACKEND_CUDA = 2
} mtcnn_backend;

/* Detector settings. Always fill with mtcnn_options_init first, then change fields: struct_size guards
 * against a header/library mismatch. Passing NULL instead of options means the defaults. */
typedef struct mtcnn_options {
    uint32_t struct_size;  /* sizeof(mtcnn_options), set by mtcnn_options_init */
    float min_face_size;   /* smallest face side in pixels, >= 12 (default 20) */
    float scale_factor;    /* pyramid step, in (0.1, 0.99) (default 0.709) */
    float pnet_threshold;  /* face-probability thresholds in [0, 1] (defaults 0.6, 0.7, 0.7) */
    float rnet_threshold;
    float onet_threshold;
    int32_t backend;       /* mtcnn_backend (default MTCNN_BACKEND_AUTO: CUDA when usable, else CPU) */
    int32_t cpu_threads;   /* CPU backend worker threads; 0 = all processors */
    int32_t cuda_device;   /* CUDA device ordinal */
} mtcnn_options;

/* A caller-owned pixel buffer: height rows of stride bytes, each starting with width pixels of format.
 * size is the number of readable bytes at pixels; it must be >= stride * (height - 1) + width * bytes per pixel. */
typedef struct mtcnn_image {
    const uint8_t* pixels;
    size_t size;
    int32_t width;
    int32_t height;
    int32_t stride;
    int32_t format;        /* mtcnn_pixel_format */
} mtcnn_image;

/* One face: box corners (x1, y1) top-left and (x2, y2) bottom-right, the last stage's face probability, and
 * five landmarks as (x, y) pairs: left eye, right eye, nose, left mouth corner, right mouth corner
 * (left/right as seen in the image). */
typedef struct mtcnn_face {
    float x1, y1, x2, y2;
    float confidence;
    float landmarks[10];
} mtcnn_face;

typedef struct mtcnn_detector mtcnn_detector; /* opaque */

/* Library version ("major.minor.patch"), static storage. */
const char* mtcnn_version(void);

/* Message of the last failed call on this thread, "" after a successful call (see Rules). Never NULL. */
const char* mtcnn_last_error(void);

/* Fills *options with the defaults and sets struct_size. */
mtcnn_status mtcnn_options_init(mtcnn_options* options);

/* Creates a detector from a safetensors weights file (UTF-8 path). options may be NULL (defaults).
 * On success *detector is a new handle; on failure it is NULL. */
mtcnn_status mtcnn_detector_create_from_file(const char* path, const mtcnn_options* options, mtcnn_detector** detector);

/* Same, from size bytes of a safetensors file in memory (copied; the buffer may be freed afterwards). */
mtcnn_status mtcnn_detector_create_from_buffer(const void* data, size_t size, const mtcnn_options* options,
                                               mtcnn_detector** detector);

/* Same, from the default model embedded in the library ("original": the original MTCNN weights, MIT licence; see
 * models/README.md); MTCNN_ERROR_NO_DEFAULT_WEIGHTS when a build has none. */
mtcnn_status mtcnn_detector_create_default(const mtcnn_options* options, mtcnn_detector** detector);

/* Same, from the embedded model called name (UTF-8, e.g. "original"); MTCNN_ERROR_INVALID_ARGUMENT, with the
 * embedded names in mtcnn_last_error(), when there is none by that name. */
mtcnn_status mtcnn_detector_create_named(const char* name, const mtcnn_options* options, mtcnn_detector** detector);

/* The names of the embedded models, comma-separated ("original"), static storage. Never NULL. */
const char* mtcnn_model_names(void);

/* Releases a detector. NULL is a no-op (MTCNN_OK); a second free gives MTCNN_ERROR_INVALID_HANDLE. */
mtcnn_status mtcnn_detector_free(mtcnn_detector* detector);

/* The backend actually running (AUTO resolves to CPU or CUDA), as an mtcnn_backend value. */
mtcnn_status mtcnn_detector_backend(const mtcnn_detector* detector, int32_t* backend);

/* Detects faces into the caller's array. *count receives the number of faces found, even when it exceeds
 * capacity; then the first capacity faces (highest confidence) are written and MTCNN_ERROR_BUFFER_TOO_SMALL is
 * returned. faces may be NULL when capacity is 0 (a pure count query — but it runs the full detection, so prefer
 * a generous array or mtcnn_detect_alloc). */
mtcnn_status mtcnn_detect(mtcnn_detector* detector, const mtcnn_image* image, mtcnn_face* faces, int32_t capacity,
                          int32_t* count);

/* Detects faces into a library-owned array: *faces (NULL when *count is 0) must be released with mtcnn_faces_free. */
mtcnn_status mtcnn_detect_alloc(mtcnn_detector* detector, const mtcnn_image* image, mtcnn_face** faces,
                                int32_t* count);

/* Detects faces in image_count images. counts (caller array of image_count) receives the faces per image;
 * *faces is one library-owned array holding image 0's faces, then image 1's, ... (NULL when there are none),
 * released with mtcnn_faces_free. All images are validated before any detection runs. */
mtcnn_status mtcnn_detect_batch(mtcnn_detector* detector, const mtcnn_image* images, int32_t image_count,
                                int32_t* counts, mtcnn_face** faces);

/* Releases an array returned by mtcnn_detect_alloc / mtcnn_detect_batch. NULL is a no-op. */
void mtcnn_faces_free(mtcnn_face* faces);

/* ---- Input paths: registered host memory, images in GPU memory --------------------------------------- */

typedef struct mtcnn_host_registration mtcnn_host_registration; /* opaque */

/* Registers size bytes of caller-owned host memory at pointer with the detector. On the CUDA backend the range is
 * page-locked in place (cuMemHostRegister) and every image that lies wholly inside it is uploaded by DMA without
 * the staging copy, through mtcnn_detect / _alloc / _batch; on the CPU backend nothing happens (the handle is
 * still valid). A range overlapping one already registered gives MTCNN_ERROR_INVALID_ARGUMENT. Release with
 * mtcnn_unregister_host before freeing the memory, and never while a detection reads from it. */
mtcnn_status mtcnn_register_host(mtcnn_detector* detector, void* pointer, size_t size,
                                 mtcnn_host_registration** registration);

/* Unregisters (and on CUDA unlocks) the memory. NULL is a no-op; a second call gives MTCNN_ERROR_INVALID_HANDLE. */
mtcnn_status mtcnn_unregister_host(mtcnn_host_registration* registration);

/* An image already in GPU memory (a CUdeviceptr), e.g. a frame a hardware decoder wrote. The memory must belong to
 * the primary context of the detector's device (the CUDA runtime's context); memory of another context is refused.
 * stream: the producer's CUstream (same context) when its work may still be in flight: the detector waits on it
 * with an event, not with a host wait; NULL when the pixels are complete. The detector only reads the memory and
 * is done with it when the call returns. */
typedef struct mtcnn_device_image {
    uint64_t pointer;
    int32_t width;
    int32_t height;
    int32_t stride;
    int32_t format;        /* mtcnn_pixel_format */
    void* stream;          /* CUstream or NULL */
} mtcnn_device_image;

/* Detects faces in a device image into a library-owned array (as mtcnn_detect_alloc). The CPU backend gives
 * MTCNN_ERROR_UNSUPPORTED; a NULL pointer, a stride shorter than a row, memory the driver does not know, memory or
 * a stream of another context, or an allocation smaller than the image give MTCNN_ERROR_INVALID_ARGUMENT (or
 * MTCNN_ERROR_NULL_POINTER) with the reason in mtcnn_last_error(). */
mtcnn_status mtcnn_detect_device(mtcnn_detector* detector, const mtcnn_device_image* image, mtcnn_face** faces,
                                 int32_t* count);

/* ---- Aligned face crops ------------------------------------------------------------------------------- */

typedef enum mtcnn_align_kind {
    MTCNN_ALIGN_ARCFACE112 = 0,    /* five-point similarity onto the ArcFace 112x112 template (scaled by size/112) */
    MTCNN_ALIGN_ARCFACE96X112 = 1, /* the same template 8 px narrower on each side: 96x112 at size 112 */
    MTCNN_ALIGN_SQUARE = 2         /* facenet-pytorch extract_face: box + margin, clamped, resized to size x size */
} mtcnn_align_kind;

typedef enum mtcnn_align_border {
    MTCNN_BORDER_CONSTANT = 0,     /* samples outside the image read border_value */
    MTCNN_BORDER_REPLICATE = 1     /* samples outside the image read the nearest edge pixel */
} mtcnn_align_border;

typedef enum mtcnn_align_output {
    MTCNN_ALIGN_RGB24 = 0,         /* uint8, per face height x width x 3 (R, G, B) */
    MTCNN_ALIGN_BGR24 = 1,         /* uint8, per face height x width x 3 (B, G, R) */
    MTCNN_ALIGN_FLOAT_RGB_CHW = 2, /* float32 (host byte order), per face 3 planes R, G, B of (v - mean) * scale */
    MTCNN_ALIGN_FLOAT_BGR_CHW = 3  /* float32, per face 3 planes B, G, R */
} mtcnn_align_output;

/* Crop settings. Fill with mtcnn_align_options_init (ArcFace 112x112 RGB24, constant-0 border, mean 127.5,
 * scale 1/128), then change fields. Bilinear sampling; pixel centres at integer coordinates. */
typedef struct mtcnn_align_options {
    uint32_t struct_size;  /* sizeof(mtcnn_align_options), set by mtcnn_align_options_init */
    int32_t kind;          /* mtcnn_align_kind */
    int32_t size;          /* crop height in pixels, 8..4096 (width too, except ARCFACE96X112) */
    int32_t margin;        /* SQUARE only: margin in output pixels (0 <= margin < size) */
    int32_t border;        /* mtcnn_align_border */
    int32_t output;        /* mtcnn_align_output */
    float border_value;    /* 0..255 scale, for MTCNN_BORDER_CONSTANT */
    float mean;            /* float outputs: (v - mean) * scale */
    float scale;
} mtcnn_align_options;

mtcnn_status mtcnn_align_options_init(mtcnn_align_options* options);

/* Bytes one crop takes in mtcnn_align's output, and its width and height (width/height may be NULL). */
mtcnn_status mtcnn_align_crop_size(const mtcnn_align_options* options, size_t* bytes, int32_t* width, int32_t* height);

/* Aligned crops of faces[0..count) (e.g. from mtcnn_detect on the same image) into the caller's output buffer:
 * crop i at output + i * crop_size (see mtcnn_align_crop_size); output_size must be >= count * crop_size, else
 * MTCNN_ERROR_BUFFER_TOO_SMALL and nothing is written. Runs on the detector's backend (one CUDA kernel for all
 * faces on the GPU). Float outputs should be 4-byte aligned. Coincident landmarks (no scale can be estimated)
 * give MTCNN_ERROR_INVALID_ARGUMENT naming the face. The caller owns every buffer; nothing is kept. */
mtcnn_status mtcnn_align(mtcnn_detector* detector, const mtcnn_image* image, const mtcnn_face* faces, int32_t count,
                         const mtcnn_align_options* options, void* output, size_t output_size);

#ifdef __cplusplus
}
#endif

#endif /* MTCNN_H */
