// The pull-request comment (issue #17: 3) as GitHub shows it: the markdown is rendered by
// cmark-gfm, the reference implementation of GitHub Flavored Markdown (Debian: cmark-gfm),
// and the structure of the HTML is checked: one table of field changes that is not folded
// away, GitHub alerts as blockquotes whose first line is the alert's marker, the order in a
// collapsed section, and nothing a plan file holds turned into markup.
// `--unsafe` keeps raw HTML, as GitHub keeps <details>, <summary>, <code>, <br> and <sub>.
#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <regex>

#include <nlohmann/json.hpp>

#include "cli/render.h"
#include "support/api_server.h"
#include "support/cli_run.h"
#include "support/run_synops.h"
#include "support/skip.h"

using namespace synops::testing;

namespace {

// The HTML GitHub's renderer makes of `markdown`, on one line (cmark-gfm puts a tag per line).
std::string github_html(const ScratchDir& scratch, const std::string& markdown) {
  if (!on_path("cmark-gfm")) skip_test("cmark-gfm is not installed (Debian: apt-get install cmark-gfm)");
  const auto in = scratch.write("comment.md", markdown);
  const auto out = scratch.path() / "comment.html";
  const std::string command = "cmark-gfm --unsafe -e table -e autolink -e strikethrough '" + in.string() + "' > '" + out.string() + "'";
  REQUIRE(std::system(command.c_str()) == 0);
  std::string html = slurp(out);
  std::erase(html, '\n');
  return html;
}

size_t count(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) ++n;
  return n;
}

// The text between the n-th `open` and the `close` after it.
std::string element(const std::string& html, const std::string& open, const std::string& close, size_t n = 0) {
  size_t at = html.find(open);
  for (size_t i = 0; i < n && at != std::string::npos; ++i) at = html.find(open, at + 1);
  if (at == std::string::npos) return {};
  const auto end = html.find(close, at);
  return html.substr(at, end == std::string::npos ? std::string::npos : end + close.size() - at);
}

}  // namespace

TEST_SUITE("needs cmark-gfm") {
  TEST_CASE("the example's comment: summary first, one open table of field changes, an alert, the order collapsed") {
    ScratchDir scratch;
    const auto plan = run_synops("plan examples/matrix -o markdown");
    REQUIRE(plan.exit_code == 0);
    const std::string html = github_html(scratch, plan.out);
    // The header and the one-line summary, before anything else.
    CHECK(html.find("<h2>synops plan</h2><p><sub>Planned from snapshot <code>examples/matrix/live/cluster.json</code> at "
                    "2023-11-14T22:13:20Z by synops ") == 0);
    CHECK(html.find("<p><strong>matrixdotorg/synapse v1.119.0 → v1.120.0 on 7 workloads</strong></p>") != std::string::npos);
    // The point of no return as a CAUTION alert; no WARNING (nothing is high risk).
    CHECK(html.find("<blockquote><p>[!CAUTION]<strong>Point of no return.</strong></p>") != std::string::npos);
    CHECK(html.find("[!WARNING]") == std::string::npos);
    // Two tables, each with a header row of names (no empty header cell).
    CHECK(count(html, "<table>") == 2);
    CHECK(html.find("<th></th>") == std::string::npos);
    CHECK(html.find("<thead><tr><th>Risk</th><th>Steps</th><th>Field changes</th>") != std::string::npos);
    const std::string changes = element(html, "<table>", "</table>", 1);
    CHECK(changes.find("<thead><tr><th>step</th><th>object</th><th>field</th><th>before</th><th>after</th></tr></thead>") !=
          std::string::npos);
    CHECK(count(changes, "<tr>") == 8);  // the header and 7 field changes
    CHECK(changes.find("<tr><td>a4</td><td><code>StatefulSet/matrix<br>/synapse-main</code></td><td><code>/spec/template/spec<br>"
                       "/containers/0/image</code></td><td><code>&quot;matrixdotorg<br>/synapse:v1.119.0&quot;</code></td><td><code>"
                       "&quot;matrixdotorg<br>/synapse:v1.120.0&quot;</code></td></tr>") != std::string::npos);
    // Nothing is folded before the table; the order and the steps are, after it.
    CHECK(html.find("<details") > html.find(changes));
    CHECK(count(html, "<details>") == 2);
    const std::string order = element(html, "<details>", "</details>");
    CHECK(order.find("<summary>Order of the 18 steps (diagram)</summary>") != std::string::npos);
    CHECK(order.find("<pre><code class=\"language-mermaid\">flowchart TD") != std::string::npos);
    CHECK(count(order, " --&gt; ") == 17);  // transitively reduced: 30 ordering rules, 17 edges
    CHECK(order.find("s5([&quot;a5 wait StatefulSet/matrix/synapse-main&quot;]):::medium") != std::string::npos);
    CHECK(order.find("style s4 stroke-width:4px") != std::string::npos);
    CHECK(element(html, "<details>", "</details>", 1).find("<ol><li><strong>backup</strong>") != std::string::npos);
  }

  TEST_CASE("a refused critical plan: CAUTION for the refusal and the point of no return, WARNING for high risk") {
    ScratchDir scratch;
    const auto plan = run_synops("plan tests/golden/markdown-postgres-major-refused/manifests -o markdown --live examples/matrix/live/cluster.json");
    REQUIRE(plan.exit_code == 3);
    const std::string html = github_html(scratch, plan.out);
    CHECK(html.find("<blockquote><p>[!CAUTION]<strong>Refused.</strong> This plan breaks a safety rule") != std::string::npos);
    CHECK(html.find("<blockquote><p>[!CAUTION]<strong>Point of no return.</strong>") != std::string::npos);
    CHECK(html.find("<blockquote><p>[!WARNING]<strong>High risk.</strong>") != std::string::npos);
    CHECK(html.find("<p><strong>ghcr.io/cloudnative-pg/postgresql 16.3 → 17.2 on synapse-postgres</strong></p>") != std::string::npos);
  }

  TEST_CASE("a forged plan file's values add no markup: no element, no extra cell, no broken code") {
    ScratchDir scratch;
    const auto file = scratch.path() / "plan.json";
    REQUIRE(run_synops("plan examples/matrix --out '" + file.string() + "'").exit_code == 0);
    auto document = nlohmann::json::parse(slurp(file));
    const std::string hostile = "a|b</code><script>alert(1)</script>`x` **y** <details>";
    document["actions"][3]["changes"].push_back(
        {{"path", "/metadata/annotations/x"}, {"before", nullptr}, {"after", hostile}, {"reason", hostile}});
    document["actions"][3]["reason"] = hostile;
    document["notes"].push_back(hostile);
    std::ofstream(file) << document.dump(2);
    const auto shown = run_synops("show '" + file.string() + "' -o markdown");
    REQUIRE_MESSAGE(shown.exit_code == 0, shown.err);
    const std::string html = github_html(scratch, shown.out);
    CHECK(html.find("<script>") == std::string::npos);
    CHECK(count(html, "<details") == 2);
    const std::string changes = element(html, "<table>", "</table>", 1);
    CHECK(count(changes, "<tr>") == 9);
    CHECK(count(changes, "<td>") == 8 * 5);
    CHECK(changes.find("&lt;script&gt;") != std::string::npos);
  }
}
