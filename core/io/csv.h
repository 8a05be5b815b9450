// The project's CSV reader: the pool's losses.csv (which the core writes) and the dataset split
// files people write by hand (path,label), whose paths may hold commas.
//
// Format: one row per line (LF or CRLF); fields separated by commas; a field that starts with a
// double quote is quoted: it ends at the next lone quote, may hold commas, and "" in it is a
// literal quote. Spaces and tabs around fields are dropped (inside quotes they are kept); blank
// lines are skipped. Quoted fields do not span lines.
//
// Failure: InputError "FILE:LINE: problem" for a malformed row (an unclosed quote, text after a
// closing quote, a row whose field count differs from the header's); InputError naming the file
// when it cannot be read or exceeds max_bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "io/error.h"

namespace lrc {

struct CsvRow {
  int64_t line = 0;  // 1-based line in the file, for messages
  std::string text;  // the line as written, without its line break
  std::vector<std::string> fields;
};

struct CsvOptions {
  // The first row names the columns (CsvTable::header); every other row must have as many fields.
  bool header = false;
  size_t max_bytes = size_t(64) << 20;
};

struct CsvTable {
  std::string path;                 // the file, as messages name it
  std::vector<std::string> header;  // empty unless read with CsvOptions::header
  std::vector<CsvRow> rows;         // the rows after the header

  // The InputError "PATH:LINE: problem" for a row callers find wrong.
  InputError error(const CsvRow& row, const std::string& problem) const;
};

// Reads and parses the file at `path`.
CsvTable read_csv(const std::string& path, const CsvOptions& options = {});
// Parses CSV text; `path` only names it in messages.
CsvTable parse_csv(std::string_view text, const std::string& path, const CsvOptions& options = {});

}  // namespace lrc
