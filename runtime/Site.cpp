//===- runtime/Site.cpp - The site table ---------------------------------------===//
//
// Sites are registered by the resolver (and possibly by a background
// compiler thread), read when an error is reported. A mutex keeps the table
// consistent; neither path is hot.
//
//===----------------------------------------------------------------------===//
#include "runtime/Site.h"

#include <mutex>
#include <vector>

namespace ruchy {

namespace {
std::mutex SiteLock;
std::vector<SiteInfo> &sites() {
  // Site 0 is "no location".
  static std::vector<SiteInfo> Sites(1);
  return Sites;
}
std::string &fileName() {
  static std::string Name = "<input>";
  return Name;
}
} // namespace

SiteId registerSite(uint32_t Line, uint32_t Col) {
  std::lock_guard<std::mutex> Guard(SiteLock);
  auto &Sites = sites();
  Sites.push_back({Line, Col});
  return static_cast<SiteId>(Sites.size() - 1);
}

SiteInfo siteInfo(SiteId Id) {
  std::lock_guard<std::mutex> Guard(SiteLock);
  auto &Sites = sites();
  if (Id >= Sites.size())
    return {};
  return Sites[Id];
}

void resetSites() {
  std::lock_guard<std::mutex> Guard(SiteLock);
  sites().resize(1);
  sites().shrink_to_fit();
}

void setSourceFileName(std::string Name) { fileName() = std::move(Name); }
const std::string &sourceFileName() { return fileName(); }

} // namespace ruchy
