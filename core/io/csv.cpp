#include "io/csv.h"

#include <algorithm>

#include "io/atomic_file.h"

namespace lrc {

namespace {

// Spreadsheet programs put a UTF-8 byte-order mark before the first header name.
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

size_t skip_blanks(std::string_view s, size_t i) {
  while (i < s.size() && is_blank(s[i])) ++i;
  return i;
}

std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

// A quoted field starting at the quote s[i]; `i` ends past the closing quote.
std::string quoted_field(std::string_view s, size_t& i, const CsvTable& table, const CsvRow& row) {
  std::string field;
  for (++i;; ++i) {
    if (i >= s.size()) throw table.error(row, "a quoted field is not closed");
    if (s[i] != '"') {
      field += s[i];
    } else if (i + 1 < s.size() && s[i + 1] == '"') {
      field += '"';
      ++i;
    } else {
      ++i;
      return field;
    }
  }
}

std::vector<std::string> split_fields(const CsvTable& table, const CsvRow& row) {
  const std::string_view s = row.text;
  std::vector<std::string> fields;
  for (size_t i = 0;; ++i) {  // each pass starts past the previous comma
    i = skip_blanks(s, i);
    if (i < s.size() && s[i] == '"') {
      fields.push_back(quoted_field(s, i, table, row));
      i = skip_blanks(s, i);
      if (i < s.size() && s[i] != ',')
        throw table.error(row,
                          "text after the closing quote of field " + std::to_string(fields.size()));
    } else {
      const size_t end = std::min(s.find(',', i), s.size());
      fields.emplace_back(trim_blanks(s.substr(i, end - i)));
      i = end;
    }
    if (i >= s.size()) return fields;
  }
}

std::string fields_text(size_t n) {
  return std::to_string(n) + (n == 1 ? " field" : " fields");
}

void check_width(const CsvTable& table, const CsvRow& row) {
  if (row.fields.size() != table.header.size())
    throw table.error(row, fields_text(row.fields.size()) + " where the header has " +
                               std::to_string(table.header.size()));
}

}  // namespace

InputError CsvTable::error(const CsvRow& row, const std::string& problem) const {
  return InputError(path + ":" + std::to_string(row.line) + ": " + problem);
}

CsvTable parse_csv(std::string_view text, const std::string& path, const CsvOptions& options) {
  CsvTable table;
  table.path = path;
  if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) text.remove_prefix(kUtf8Bom.size());
  bool header_pending = options.header;
  int64_t line = 0;
  for (size_t start = 0; start < text.size();) {
    const size_t newline = std::min(text.find('\n', start), text.size());
    std::string_view content = text.substr(start, newline - start);
    start = newline + 1;
    ++line;
    if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
    if (trim_blanks(content).empty()) continue;
    CsvRow row;
    row.line = line;
    row.text = std::string(content);
    row.fields = split_fields(table, row);
    if (header_pending) {
      table.header = std::move(row.fields);
      header_pending = false;
      continue;
    }
    if (options.header) check_width(table, row);
    table.rows.push_back(std::move(row));
  }
  return table;
}

CsvTable read_csv(const std::string& path, const CsvOptions& options) {
  return parse_csv(read_text_file(path, options.max_bytes), path, options);
}

}  // namespace lrc
