# Finds LibTorch (Debian's 1.13 CPU build by default; any newer one through Torch_DIR or
# CMAKE_PREFIX_PATH) and, when that LibTorch was built with CUDA, the CUDA toolkit for device
# queries (cudart) and NVTX ranges. Defines the interface target lrc::torch.
find_package(Torch REQUIRED)
if(NOT Torch_VERSION)
  set(Torch_VERSION "${TORCH_VERSION}")
endif()
if(Torch_VERSION AND Torch_VERSION VERSION_LESS 1.13)
  message(FATAL_ERROR "LibTorch ${Torch_VERSION} is too old; LoRA Recycle needs 1.13 or newer")
endif()

add_library(lrc_torch INTERFACE)
add_library(lrc::torch ALIAS lrc_torch)
target_link_libraries(lrc_torch INTERFACE ${TORCH_LIBRARIES})
# TORCH_CXX_FLAGS carries the libstdc++ ABI switch the LibTorch binary was built with.
separate_arguments(_lrc_torch_flags UNIX_COMMAND "${TORCH_CXX_FLAGS}")
target_compile_options(lrc_torch INTERFACE ${_lrc_torch_flags})

set(LRC_HAVE_CUDA OFF)
if(TARGET torch_cuda OR TORCH_CUDA_LIBRARIES OR CAFFE2_USE_CUDA)
  find_package(CUDAToolkit)
  if(CUDAToolkit_FOUND)
    set(LRC_HAVE_CUDA ON)
    target_link_libraries(lrc_torch INTERFACE CUDA::cudart)
    target_include_directories(lrc_torch INTERFACE ${CUDAToolkit_INCLUDE_DIRS})
    target_compile_definitions(lrc_torch INTERFACE LRC_HAVE_CUDA=1)
  else()
    message(WARNING "LibTorch has CUDA but the CUDA toolkit was not found: no GPU name/memory report, no NVTX ranges")
  endif()
endif()
