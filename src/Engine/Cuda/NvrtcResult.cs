namespace MtcnnCuda.Cuda;

/// <summary>nvrtcResult codes (values from nvrtc.h).</summary>
public enum NvrtcResult
{
    Success = 0,
    OutOfMemory = 1,
    ProgramCreationFailure = 2,
    InvalidInput = 3,
    InvalidProgram = 4,
    InvalidOption = 5,
    Compilation = 6,
    BuiltinOperationFailure = 7,
    NoNameExpressionsAfterCompilation = 8,
    NoLoweredNamesBeforeCompilation = 9,
    NameExpressionNotValid = 10,
    InternalError = 11,
    TimeFileWriteFailed = 12,
}

/// <summary>Names and meanings of nvrtcResult codes, usable without NVRTC loaded.</summary>
public static class NvrtcResultInfo
{
    private static readonly Dictionary<NvrtcResult, (string Name, string Meaning)> Table = new()
    {
        [NvrtcResult.Success] = ("NVRTC_SUCCESS", "no error"),
        [NvrtcResult.OutOfMemory] = ("NVRTC_ERROR_OUT_OF_MEMORY", "NVRTC ran out of host memory"),
        [NvrtcResult.ProgramCreationFailure] = ("NVRTC_ERROR_PROGRAM_CREATION_FAILURE", "the program could not be created"),
        [NvrtcResult.InvalidInput] = ("NVRTC_ERROR_INVALID_INPUT", "an argument is invalid (null source, bad header list)"),
        [NvrtcResult.InvalidProgram] = ("NVRTC_ERROR_INVALID_PROGRAM", "the program handle is invalid"),
        [NvrtcResult.InvalidOption] = ("NVRTC_ERROR_INVALID_OPTION", "a compile option is not recognised (e.g. an architecture this NVRTC does not know)"),
        [NvrtcResult.Compilation] = ("NVRTC_ERROR_COMPILATION", "the source failed to compile; see the program log"),
        [NvrtcResult.BuiltinOperationFailure] = ("NVRTC_ERROR_BUILTIN_OPERATION_FAILURE", "a builtin operation failed (libnvrtc-builtins missing?)"),
        [NvrtcResult.NoNameExpressionsAfterCompilation] = ("NVRTC_ERROR_NO_NAME_EXPRESSIONS_AFTER_COMPILATION", "name expressions must be added before compiling"),
        [NvrtcResult.NoLoweredNamesBeforeCompilation] = ("NVRTC_ERROR_NO_LOWERED_NAMES_BEFORE_COMPILATION", "lowered names exist only after compiling"),
        [NvrtcResult.NameExpressionNotValid] = ("NVRTC_ERROR_NAME_EXPRESSION_NOT_VALID", "the name expression is not valid"),
        [NvrtcResult.InternalError] = ("NVRTC_ERROR_INTERNAL_ERROR", "an internal NVRTC error"),
        [NvrtcResult.TimeFileWriteFailed] = ("NVRTC_ERROR_TIME_FILE_WRITE_FAILED", "the compile-time trace file could not be written"),
    };

    public static string Name(NvrtcResult code) => Table.TryGetValue(code, out var e) ? e.Name : $"nvrtcResult {(int)code}";
    public static string Meaning(NvrtcResult code) => Table.TryGetValue(code, out var e) ? e.Meaning : "unrecognised error code";
}
