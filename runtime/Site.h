//===- runtime/Site.h - Source sites for errors and feedback -----*- C++ -*-===//
//
// A site is a source position that runtime errors and type feedback are
// reported under. The resolver registers one per AST node; every tier raises
// errors with the node's site id, so the message and location are the same
// whichever tier failed. Site 0 means "no location".
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_RUNTIME_SITE_H
#define RUCHY_RUNTIME_SITE_H

#include <cstdint>
#include <string>

namespace ruchy {

using SiteId = uint32_t;

struct SiteInfo {
  uint32_t Line = 0;
  uint32_t Col = 0;
};

SiteId registerSite(uint32_t Line, uint32_t Col);
SiteInfo siteInfo(SiteId Id);
/// Forgets every site (a process that runs many programs: the fuzz targets).
void resetSites();

/// The file name printed in ` --> file:line:col` and backtraces.
void setSourceFileName(std::string Name);
const std::string &sourceFileName();

} // namespace ruchy

#endif
