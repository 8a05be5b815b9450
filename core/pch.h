// Precompiled header for every core and test translation unit: LibTorch's headers dominate
// compile time (~20 s per file without it).
#pragma once
#include <torch/torch.h>
