// Packs a PEFT folder into one fuzz_peft input: 4 bytes little-endian length of
// adapter_config.json, its bytes, then adapter_model.safetensors.
//   pack_peft_seed DIR OUT
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

static bool read_all(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s PEFT_DIR OUT\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  std::string config, weights;
  if (!read_all(dir + "/adapter_config.json", config) ||
      !read_all(dir + "/adapter_model.safetensors", weights)) {
    std::fprintf(stderr, "%s: needs adapter_config.json and adapter_model.safetensors\n", argv[1]);
    return 1;
  }
  const uint32_t n = uint32_t(config.size());
  const char len[4] = {char(n & 0xff), char(n >> 8 & 0xff), char(n >> 16 & 0xff),
                       char(n >> 24 & 0xff)};
  std::ofstream out(argv[2], std::ios::binary | std::ios::trunc);
  out.write(len, 4);
  out << config << weights;
  return out ? 0 : 1;
}
