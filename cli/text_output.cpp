#include "text_output.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "plan/error.hpp"

namespace cli {

namespace fs = std::filesystem;

void write_text_file(const std::string& path_string, const std::string& text, bool overwrite,
                     const std::vector<std::string>& inputs) {
  const fs::path path = fs::absolute(path_string);
  std::error_code ec;
  for (const std::string& input : inputs)
    if (fs::equivalent(path, input, ec) || fs::weakly_canonical(path, ec) == fs::weakly_canonical(input, ec))
      throw plan::UsageError("refusing to write the output over the input '" + input + "'");
  if (fs::exists(path) && !overwrite)
    throw plan::UsageError("output '" + path_string + "' already exists; pass --overwrite to replace it");
  if (!fs::is_directory(path.parent_path()))
    throw plan::UsageError("output folder '" + path.parent_path().string() + "' does not exist");
  const fs::path temp =
      path.parent_path() / ("." + path.filename().string() + ".partial-" + std::to_string(::getpid()));
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      fs::remove(temp, ec);
      throw plan::Error("cannot write '" + temp.string() + "'");
    }
  }
  fs::rename(temp, path, ec);
  if (ec) {
    fs::remove(temp, ec);
    throw plan::Error("cannot move the finished output into place at '" + path_string + "'");
  }
}

}  // namespace cli
