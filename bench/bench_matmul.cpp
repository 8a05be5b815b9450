// Prints LibTorch's float32 matmul throughput (GFLOP/s) at 1..N threads: the number that shows
// whether an optimized BLAS is in use (Debian's reference BLAS is ~25-40x slower).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include <torch/torch.h>

int main(int argc, char** argv) {
  const int64_t n = argc > 1 ? std::atoll(argv[1]) : 1024;
  const int max_threads = argc > 2 ? std::atoi(argv[2]) : int(std::thread::hardware_concurrency());
  auto a = torch::randn({n, n}), b = torch::randn({n, n});
  for (int t = 1; t <= max_threads; t *= 2) {
    torch::set_num_threads(t);
    for (int i = 0; i < 2; ++i) a.mm(b);  // warm-up
    int reps = 0;
    const auto start = std::chrono::steady_clock::now();
    double seconds = 0;
    while (seconds < 1.0 || reps < 3) {
      a.mm(b);
      ++reps;
      seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    std::printf("matmul %lldx%lld float32, %d thread(s): %.1f GFLOP/s\n", static_cast<long long>(n),
                static_cast<long long>(n), t,
                2.0 * double(n) * double(n) * double(n) * reps / seconds / 1e9);
    if (t * 2 > max_threads && t != max_threads) t = max_threads / 2;
  }
  return 0;
}
