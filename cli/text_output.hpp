// Writing a text output (a report) the way every output is written: atomically, never over an input,
// never over an existing file without --overwrite.
#pragma once

#include <string>
#include <vector>

namespace cli {

// Writes `text` to `path` through a temporary file in the same folder renamed into place. Throws
// UsageError for an existing output without `overwrite`, an output that is one of `inputs`, or a
// missing folder; plan::Error when the file cannot be written.
void write_text_file(const std::string& path, const std::string& text, bool overwrite,
                     const std::vector<std::string>& inputs);

}  // namespace cli
