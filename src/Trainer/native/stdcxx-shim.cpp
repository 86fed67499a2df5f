// Stand-in for the single libstdc++ symbol that TorchSharp's libLibTorchSharp.so needs from GLIBCXX_3.4.32
// (GCC 13+), which older distributions (Debian 12: GCC 12, GLIBCXX_3.4.30) lack. In GCC 13 this function only
// forces the initialisation of the standard iostreams; GCC 12's libstdc++ initialises them from its own static
// constructors, so an empty body is correct there. Every other symbol resolves to the real libstdc++, which this
// shim is linked against (DT_NEEDED) and whose version nodes the version script re-declares.
namespace std
{
    void ios_base_library_init() {}
}
