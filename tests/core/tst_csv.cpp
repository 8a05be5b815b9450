// The CSV reader (io/csv.h): plain and quoted fields (commas and quotes in names, as hand-written
// split files have), CRLF, blank lines, a header row and its width, and errors that name the file
// and the line.
#include <fstream>
#include <string>
#include <vector>

#include "harness.h"
#include "io/csv.h"

using namespace lrc;

namespace {

using Fields = std::vector<std::string>;

CsvTable parse(const std::string& text, bool header = false) {
  CsvOptions options;
  options.header = header;
  return parse_csv(text, "t.csv", options);
}

}  // namespace

LRC_TEST(plain_rows_keep_their_line_numbers) {
  const CsvTable t = parse("a,b\n\n c , d \r\n  \nlast,\n");
  CHECK(t.header.empty());
  CHECK_EQ(t.rows.size(), size_t(3));
  CHECK(t.rows[0].fields == Fields({"a", "b"}));
  CHECK(t.rows[1].fields == Fields({"c", "d"}));  // spaces and the CR dropped
  CHECK(t.rows[2].fields == Fields({"last", ""}));
  CHECK_EQ(t.rows[0].line, 1);
  CHECK_EQ(t.rows[1].line, 3);
  CHECK_EQ(t.rows[2].line, 5);
  CHECK_EQ(t.rows[1].text, std::string(" c , d "));
  CHECK(parse("").rows.empty());
  CHECK_EQ(parse("no newline at the end").rows.size(), size_t(1));
}

LRC_TEST(quoted_fields_hold_commas_and_quotes) {
  const CsvTable t = parse(
      "\"odd, name.png\",green\n"
      "\"say \"\"hi\"\"\", \" padded \" \n"
      "\"\",x\n"
      "un\"quoted\",y\n");
  CHECK(t.rows[0].fields == Fields({"odd, name.png", "green"}));
  CHECK(t.rows[1].fields == Fields({"say \"hi\"", " padded "}));  // spaces inside quotes stay
  CHECK(t.rows[2].fields == Fields({"", "x"}));
  CHECK(t.rows[3].fields == Fields({"un\"quoted\"", "y"}));  // a quote inside a field is literal
}

LRC_TEST(header_names_the_columns) {
  const CsvTable t = parse("\xEF\xBB\xBF\n step,total,ce\n1,2.5,0.5\n2,2,0.25\n", true);
  CHECK(t.header == Fields({"step", "total", "ce"}));  // after a byte-order mark and a blank line
  CHECK_EQ(t.rows.size(), size_t(2));
  CHECK(t.rows[1].fields == Fields({"2", "2", "0.25"}));
  CHECK(parse("only,a,header\n", true).rows.empty());
}

LRC_TEST(malformed_rows_name_file_and_line) {
  CHECK_THROWS_WITH(parse("step,total\n1,2\n2\n", true), "t.csv:3: 1 field where the header has 2");
  CHECK_THROWS_WITH(parse("step,total\n1,2,3\n", true), "t.csv:2: 3 fields");
  CHECK_THROWS_WITH(parse("a,b\n\"open,c\n"), "t.csv:2: a quoted field is not closed");
  CHECK_THROWS_WITH(parse("\"a\"b,c\n"), "t.csv:1: text after the closing quote of field 1");
  bool input_error = false;
  try {
    parse("\"");
  } catch (const InputError&) {
    input_error = true;
  }
  CHECK(input_error);
  // Callers report their own problems the same way.
  const CsvTable t = parse("x\ny\n");
  CHECK_EQ(std::string(t.error(t.rows[1], "bad label").what()), std::string("t.csv:2: bad label"));
}

LRC_TEST(files_are_read_and_named) {
  const std::string path = test::scratch_dir() + "/split.csv";
  std::ofstream(path, std::ios::binary) << "path,label\r\n\"a, b.png\",warm\r\n";
  CsvOptions header;
  header.header = true;
  const CsvTable t = read_csv(path, header);
  CHECK_EQ(t.path, path);
  CHECK(t.rows.at(0).fields == Fields({"a, b.png", "warm"}));
  CHECK_THROWS_WITH(read_csv(test::scratch_dir() + "/missing.csv"), "missing.csv");
  CsvOptions tiny;
  tiny.max_bytes = 4;
  CHECK_THROWS_WITH(read_csv(path, tiny), "split.csv");
}
