// A file mapped read-only with zeroed padding after its end (what the JSON parsers may read
// past the text), whose pages can be handed back to the kernel once read: a 1 GB snapshot
// then costs a few megabytes of memory, not a gigabyte.
#pragma once
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "engine/result.h"

namespace synops::snapshot {

class MappedFile {
 public:
  // `padding` zero bytes are readable after the content.
  static Result<MappedFile> open(const std::filesystem::path& path, size_t size, size_t padding, const std::string& source);
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&&) = delete;
  ~MappedFile();

  std::string_view text() const { return {data_, size_}; }
  size_t readable() const { return mapped_; }  // bytes readable from data(), padding included
  // The pages before `offset` are not needed for now; reading them later maps them again.
  void release_before(size_t offset);

 private:
  MappedFile(const char* data, size_t size, size_t mapped) : data_(data), size_(size), mapped_(mapped) {}
  const char* data_ = nullptr;
  size_t size_ = 0;
  size_t mapped_ = 0;
  size_t released_ = 0;
};

}  // namespace synops::snapshot
