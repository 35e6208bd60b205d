// The one source of the targets that compile the precompiled headers (cmake/compile_speed.cmake):
// CMake builds a target's precompiled header only with a source to compile after it.
