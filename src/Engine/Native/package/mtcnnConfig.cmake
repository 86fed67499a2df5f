# CMake package config of libmtcnn, the NativeAOT C library of MtcnnCuda: find_package(mtcnn CONFIG) gives the
# imported target mtcnn::mtcnn (libmtcnn.so + include/mtcnn.h). Relocatable: the prefix is found from this file's
# place in it (PREFIX/lib/cmake/mtcnn/). install-prefix.sh lays the prefix out.
get_filename_component(_mtcnn_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
if(NOT EXISTS "${_mtcnn_prefix}/lib/libmtcnn.so" OR NOT EXISTS "${_mtcnn_prefix}/include/mtcnn.h")
  set(mtcnn_FOUND FALSE)
  set(mtcnn_NOT_FOUND_MESSAGE "libmtcnn.so or mtcnn.h is missing under ${_mtcnn_prefix}")
  return()
endif()
if(NOT TARGET mtcnn::mtcnn)
  add_library(mtcnn::mtcnn SHARED IMPORTED)
  set_target_properties(mtcnn::mtcnn PROPERTIES
    IMPORTED_LOCATION "${_mtcnn_prefix}/lib/libmtcnn.so"
    IMPORTED_SONAME "libmtcnn.so"
    INTERFACE_INCLUDE_DIRECTORIES "${_mtcnn_prefix}/include")
endif()
set(mtcnn_FOUND TRUE)
unset(_mtcnn_prefix)
