#pragma once
// The harnesses, callable from the corpus replay test as well as from libFuzzer. Each returns 0
// and calls std::abort() (ELINK_FUZZ_CHECK) when an invariant breaks, so that libFuzzer keeps the
// input.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <system_error>

namespace elink::fuzz {

int CodecOneInput(const std::uint8_t* data, std::size_t size);
int RegionLoaderOneInput(const std::uint8_t* data, std::size_t size);
int JsonInputOneInput(const std::uint8_t* data, std::size_t size);
int ScenarioOneInput(const std::uint8_t* data, std::size_t size);
int GraphFileOneInput(const std::uint8_t* data, std::size_t size);
int CapOneInput(const std::uint8_t* data, std::size_t size);
int OsmXmlOneInput(const std::uint8_t* data, std::size_t size);
int HttpQueryOneInput(const std::uint8_t* data, std::size_t size);
int OrLibOneInput(const std::uint8_t* data, std::size_t size);

// The input as text.
inline std::string_view AsText(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};  // NOLINT
}

// A scratch directory for one harness, in memory when /dev/shm exists, removed at exit.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& name) {
    std::random_device rd;
    const std::filesystem::path shm = "/dev/shm";
    std::error_code ec;
    const auto base =
        std::filesystem::is_directory(shm, ec) ? shm : std::filesystem::temp_directory_path();
    path_ = base / ("elink-fuzz-" + name + "-" + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline void WriteBytes(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline std::string ReadBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

[[noreturn]] inline void Fail(const char* what, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: fuzz invariant broken: %s\n", file, line, what);
  std::abort();
}

}  // namespace elink::fuzz

// An invariant of a harness: when it does not hold the input is a finding.
#define ELINK_FUZZ_CHECK(cond) \
  ((cond) ? static_cast<void>(0) : ::elink::fuzz::Fail(#cond, __FILE__, __LINE__))
