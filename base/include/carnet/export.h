/* export.h - CARNET_API, the mark of every function libcarnet exports.
 * SPDX-License-Identifier: MIT
 *
 * The library is compiled with -fvisibility=hidden: a function is in the
 * dynamic symbol table of libcarnet.so only when its public declaration
 * carries CARNET_API. Everything else, the carnet__ helpers shared between
 * the library's files included, stays internal to the library.
 */
#ifndef CARNET_EXPORT_H
#define CARNET_EXPORT_H

#if defined(__GNUC__) || defined(__clang__)
#define CARNET_API __attribute__((visibility("default")))
#else
#define CARNET_API
#endif

#endif /* CARNET_EXPORT_H */
