namespace MtcnnCuda.Native;

/// <summary>Status codes of the C ABI; values are fixed by <c>include/mtcnn.h</c> (enum mtcnn_status).</summary>
internal enum NativeStatus
{
    Ok = 0,
    InvalidArgument = 1,
    NullPointer = 2,
    InvalidHandle = 3,
    WeightsFormat = 4,
    NoDefaultWeights = 5,
    BufferTooSmall = 6,
    Unsupported = 7,
    OutOfMemory = 8,
    Internal = 9,
}
