#include "io/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "io/error.h"

namespace lrc {

namespace {

std::string errno_text() {
  return std::strerror(errno);
}

void write_all(int fd, const char* p, size_t size, const std::string& tmp) {
  while (size > 0) {
    ssize_t n = ::write(fd, p, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error(file_message(tmp, "write failed: " + errno_text()));
    }
    p += n;
    size -= size_t(n);
  }
}

}  // namespace

void write_file_atomic(const std::string& path, const void* data, size_t size) {
  namespace fs = std::filesystem;
  fs::path target(path);
  fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw InputError(file_message(path, "folder " + dir.string() + " does not exist"));
  if (fs::is_directory(target, ec))
    throw InputError(file_message(path, "is a folder; give the name of a file to write"));
  std::string tmpl = (dir / ("." + target.filename().string() + ".tmp.XXXXXX")).string();
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  int fd = ::mkstemp(name.data());
  if (fd < 0)  // a read-only or full folder: the user's choice of path, so exit 2
    throw InputError(file_message(path, "cannot create a temporary file: " + errno_text()));
  std::string tmp(name.data());
  try {
    write_all(fd, static_cast<const char*>(data), size, tmp);
    if (::fsync(fd) != 0) throw Error(file_message(tmp, "fsync failed: " + errno_text()));
    // mkstemp creates 0600; give the result the usual permissions.
    ::fchmod(fd, 0644);
    if (::close(fd) != 0) {
      fd = -1;
      throw Error(file_message(tmp, "close failed: " + errno_text()));
    }
    fd = -1;
    if (::rename(tmp.c_str(), path.c_str()) != 0)
      throw Error(file_message(path, "cannot replace the file: " + errno_text()));
  } catch (...) {
    if (fd >= 0) ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
}

std::string read_text_file(const std::string& path, size_t max_bytes) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))  // FIFOs and devices too: reading could block
    throw InputError(file_message(
        path, std::filesystem::exists(path, ec) ? "not a regular file" : "no such file"));
  auto size = std::filesystem::file_size(path, ec);
  if (ec) throw InputError(file_message(path, "cannot read its size: " + ec.message()));
  if (size > max_bytes)
    throw InputError(file_message(path, "file is " + std::to_string(size) +
                                            " bytes, more than the " + std::to_string(max_bytes) +
                                            " allowed"));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(file_message(path, "cannot open the file"));
  std::string text(size, '\0');
  in.read(text.data(), std::streamsize(size));
  if (!in) throw InputError(file_message(path, "read failed"));
  return text;
}

}  // namespace lrc
