/* df_labels.c — LABEL keys and the label schema of the config
 * (`label-schema`, `strict-labels`): PL1211 key format, PL1212 a schema
 * label missing from a stage, PL1213 a label outside the schema, PL1214 an
 * empty schema label, PL1215-PL1220 schema labels whose value is not a URL,
 * an RFC 3339 time, an SPDX license, a git hash, a semantic version or an
 * e-mail address. Keys and values are expanded first; a value that needs an
 * unknown variable is not judged. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dfutil.h"

/* SPDX license and exception identifiers (SPDX license list, CC0), sorted
 * case-insensitively; deprecated identifiers are kept because older
 * Dockerfiles use them. */
static const char *const spdx_licenses[] = {
    "0BSD", "3D-Slicer-1.0", "AAL", "Abstyles", "AdaCore-doc", "Adobe-2006",
    "Adobe-Display-PostScript", "Adobe-Glyph", "Adobe-Utopia", "ADSL",
    "Advanced-Cryptics-Dictionary", "AFL-1.1", "AFL-1.2", "AFL-2.0", "AFL-2.1", "AFL-3.0",
    "Afmparse", "AGPL-1.0", "AGPL-1.0-only", "AGPL-1.0-or-later", "AGPL-3.0", "AGPL-3.0-only",
    "AGPL-3.0-or-later", "Aladdin", "ALGLIB-Documentation", "AMD-newlib", "AMDPLPA", "AML",
    "AML-glslang", "AMPAS", "ANTLR-PD", "ANTLR-PD-fallback", "any-OSI", "any-OSI-perl-modules",
    "Apache-1.0", "Apache-1.1", "Apache-2.0", "APAFML", "APL-1.0", "App-s2p", "APSL-1.0",
    "APSL-1.1", "APSL-1.2", "APSL-2.0", "Arphic-1999", "Artistic-1.0", "Artistic-1.0-cl8",
    "Artistic-1.0-Perl", "Artistic-2.0", "Artistic-dist", "Aspell-RU", "ASWF-Digital-Assets-1.0",
    "ASWF-Digital-Assets-1.1", "Baekmuk", "Bahyph", "Barr", "bcrypt-Solar-Designer", "Beerware",
    "Bitstream-Charter", "Bitstream-Vera", "BitTorrent-1.0", "BitTorrent-1.1", "blessing",
    "BlueOak-1.0.0", "Boehm-GC", "Boehm-GC-without-fee", "BOLA-1.1", "Borceux",
    "Brian-Gladman-2-Clause", "Brian-Gladman-3-Clause", "BSD-1-Clause", "BSD-2-Clause",
    "BSD-2-Clause-Darwin", "BSD-2-Clause-first-lines", "BSD-2-Clause-FreeBSD",
    "BSD-2-Clause-NetBSD", "BSD-2-Clause-Patent", "BSD-2-Clause-pkgconf-disclaimer",
    "BSD-2-Clause-Views", "BSD-3-Clause", "BSD-3-Clause-acpica", "BSD-3-Clause-Attribution",
    "BSD-3-Clause-Clear", "BSD-3-Clause-flex", "BSD-3-Clause-HP", "BSD-3-Clause-LBNL",
    "BSD-3-Clause-Modification", "BSD-3-Clause-No-Military-License",
    "BSD-3-Clause-No-Nuclear-License", "BSD-3-Clause-No-Nuclear-License-2014",
    "BSD-3-Clause-No-Nuclear-Warranty", "BSD-3-Clause-Open-MPI", "BSD-3-Clause-Sun",
    "BSD-3-Clause-Tso", "BSD-4-Clause", "BSD-4-Clause-Shortened", "BSD-4-Clause-UC", "BSD-4.3RENO",
    "BSD-4.3TAHOE", "BSD-Advertising-Acknowledgement", "BSD-Attribution-HPND-disclaimer",
    "BSD-Inferno-Nettverk", "BSD-Mark-Modifications", "BSD-Protection", "BSD-Source-beginning-file",
    "BSD-Source-Code", "BSD-Systemics", "BSD-Systemics-W3Works", "BSL-1.0", "Buddy", "BUSL-1.1",
    "bzip2-1.0.5", "bzip2-1.0.6", "C-UDA-1.0", "CAL-1.0", "CAL-1.0-Combined-Work-Exception",
    "Caldera", "Caldera-no-preamble", "CAPEC-tou", "Catharon", "CATOSL-1.1", "CC-BY-1.0",
    "CC-BY-2.0", "CC-BY-2.5", "CC-BY-2.5-AU", "CC-BY-3.0", "CC-BY-3.0-AT", "CC-BY-3.0-AU",
    "CC-BY-3.0-DE", "CC-BY-3.0-IGO", "CC-BY-3.0-NL", "CC-BY-3.0-US", "CC-BY-4.0", "CC-BY-NC-1.0",
    "CC-BY-NC-2.0", "CC-BY-NC-2.5", "CC-BY-NC-3.0", "CC-BY-NC-3.0-DE", "CC-BY-NC-4.0",
    "CC-BY-NC-ND-1.0", "CC-BY-NC-ND-2.0", "CC-BY-NC-ND-2.5", "CC-BY-NC-ND-3.0",
    "CC-BY-NC-ND-3.0-DE", "CC-BY-NC-ND-3.0-IGO", "CC-BY-NC-ND-4.0", "CC-BY-NC-SA-1.0",
    "CC-BY-NC-SA-2.0", "CC-BY-NC-SA-2.0-DE", "CC-BY-NC-SA-2.0-FR", "CC-BY-NC-SA-2.0-UK",
    "CC-BY-NC-SA-2.5", "CC-BY-NC-SA-3.0", "CC-BY-NC-SA-3.0-DE", "CC-BY-NC-SA-3.0-IGO",
    "CC-BY-NC-SA-4.0", "CC-BY-ND-1.0", "CC-BY-ND-2.0", "CC-BY-ND-2.5", "CC-BY-ND-3.0",
    "CC-BY-ND-3.0-DE", "CC-BY-ND-4.0", "CC-BY-SA-1.0", "CC-BY-SA-2.0", "CC-BY-SA-2.0-UK",
    "CC-BY-SA-2.1-JP", "CC-BY-SA-2.5", "CC-BY-SA-3.0", "CC-BY-SA-3.0-AT", "CC-BY-SA-3.0-DE",
    "CC-BY-SA-3.0-IGO", "CC-BY-SA-4.0", "CC-PDDC", "CC-PDM-1.0", "CC-SA-1.0", "CC0-1.0", "CDDL-1.0",
    "CDDL-1.1", "CDL-1.0", "CDLA-Permissive-1.0", "CDLA-Permissive-2.0", "CDLA-Sharing-1.0",
    "CECILL-1.0", "CECILL-1.1", "CECILL-2.0", "CECILL-2.1", "CECILL-B", "CECILL-C", "CERN-OHL-1.1",
    "CERN-OHL-1.2", "CERN-OHL-P-2.0", "CERN-OHL-S-2.0", "CERN-OHL-W-2.0", "CFITSIO", "check-cvs",
    "checkmk", "ClArtistic", "Clips", "CMU-Mach", "CMU-Mach-nodoc", "CNRI-Jython", "CNRI-Python",
    "CNRI-Python-GPL-Compatible", "COIL-1.0", "Community-Spec-1.0", "Condor-1.1",
    "copyleft-next-0.3.0", "copyleft-next-0.3.1", "Cornell-Lossless-JPEG", "CPAL-1.0", "CPL-1.0",
    "CPOL-1.02", "Cronyx", "Crossword", "CryptoSwift", "CrystalStacker", "CUA-OPL-1.0", "Cube",
    "curl", "cve-tou", "D-FSL-1.0", "DEC-3-Clause", "diffmark", "DL-DE-BY-2.0", "DL-DE-ZERO-2.0",
    "DOC", "DocBook-DTD", "DocBook-Schema", "DocBook-Stylesheet", "DocBook-XML", "Dotseqn",
    "DRL-1.0", "DRL-1.1", "DSDP", "dtoa", "dvipdfm", "ECL-1.0", "ECL-2.0", "eCos-2.0", "EFL-1.0",
    "EFL-2.0", "eGenix", "Elastic-2.0", "Entessa", "EPICS", "EPL-1.0", "EPL-2.0", "ErlPL-1.1",
    "ESA-PL-permissive-2.4", "ESA-PL-strong-copyleft-2.4", "ESA-PL-weak-copyleft-2.4", "etalab-2.0",
    "EUDatagrid", "EUPL-1.0", "EUPL-1.1", "EUPL-1.2", "Eurosym", "Fair", "FBM", "FDK-AAC",
    "Ferguson-Twofish", "Frameworx-1.0", "FreeBSD-DOC", "FreeImage", "FSFAP",
    "FSFAP-no-warranty-disclaimer", "FSFUL", "FSFULLR", "FSFULLRSD", "FSFULLRWD", "FSL-1.1-ALv2",
    "FSL-1.1-MIT", "FTL", "Furuseth", "fwlw", "Game-Programming-Gems", "GCR-docs", "GD",
    "generic-xts", "GFDL-1.1", "GFDL-1.1-invariants-only", "GFDL-1.1-invariants-or-later",
    "GFDL-1.1-no-invariants-only", "GFDL-1.1-no-invariants-or-later", "GFDL-1.1-only",
    "GFDL-1.1-or-later", "GFDL-1.2", "GFDL-1.2-invariants-only", "GFDL-1.2-invariants-or-later",
    "GFDL-1.2-no-invariants-only", "GFDL-1.2-no-invariants-or-later", "GFDL-1.2-only",
    "GFDL-1.2-or-later", "GFDL-1.3", "GFDL-1.3-invariants-only", "GFDL-1.3-invariants-or-later",
    "GFDL-1.3-no-invariants-only", "GFDL-1.3-no-invariants-or-later", "GFDL-1.3-only",
    "GFDL-1.3-or-later", "Giftware", "GL2PS", "Glide", "Glulxe", "GLWTPL", "gnuplot", "GPL-1.0",
    "GPL-1.0-only", "GPL-1.0-or-later", "GPL-2.0", "GPL-2.0-only", "GPL-2.0-or-later",
    "GPL-2.0-with-autoconf-exception", "GPL-2.0-with-bison-exception",
    "GPL-2.0-with-classpath-exception", "GPL-2.0-with-font-exception", "GPL-2.0-with-GCC-exception",
    "GPL-3.0", "GPL-3.0-only", "GPL-3.0-or-later", "GPL-3.0-with-autoconf-exception",
    "GPL-3.0-with-GCC-exception", "Graphics-Gems", "gSOAP-1.3b", "gtkbook", "Gutmann",
    "HaskellReport", "HDF5", "hdparm", "HIDAPI", "Hippocratic-2.1", "HP-1986", "HP-1989", "HPND",
    "HPND-DEC", "HPND-doc", "HPND-doc-sell", "HPND-export-US", "HPND-export-US-acknowledgement",
    "HPND-export-US-modify", "HPND-export2-US", "HPND-Fenneberg-Livingston", "HPND-INRIA-IMAG",
    "HPND-Intel", "HPND-Kevlin-Henney", "HPND-Markus-Kuhn", "HPND-merchantability-variant",
    "HPND-MIT-disclaimer", "HPND-Netrek", "HPND-Pbmplus", "HPND-sell-MIT-disclaimer-xserver",
    "HPND-sell-regexpr", "HPND-sell-variant", "HPND-sell-variant-critical-systems",
    "HPND-sell-variant-MIT-disclaimer", "HPND-sell-variant-MIT-disclaimer-rev", "HPND-SMC",
    "HPND-UC", "HPND-UC-export-US", "HTMLTIDY", "hyphen-bulgarian", "IBM-pibs", "ICU",
    "IEC-Code-Components-EULA", "IJG", "IJG-short", "ImageMagick", "iMatix", "Imlib2", "Info-ZIP",
    "Inner-Net-2.0", "InnoSetup", "Intel", "Intel-ACPI", "Interbase-1.0", "IPA", "IPL-1.0", "ISC",
    "ISC-Veillard", "ISO-permission", "Jam", "JasPer-2.0", "jove", "JPL-image", "JPNIC", "JSON",
    "Kastrup", "Kazlib", "Knuth-CTAN", "LAL-1.2", "LAL-1.3", "Latex2e", "Latex2e-translated-notice",
    "Leptonica", "LGPL-2.0", "LGPL-2.0-only", "LGPL-2.0-or-later", "LGPL-2.1", "LGPL-2.1-only",
    "LGPL-2.1-or-later", "LGPL-3.0", "LGPL-3.0-only", "LGPL-3.0-or-later", "LGPLLR", "Libpng",
    "libpng-1.6.35", "libpng-2.0", "libselinux-1.0", "libtiff", "libutil-David-Nugent",
    "LiLiQ-P-1.1", "LiLiQ-R-1.1", "LiLiQ-Rplus-1.1", "Linux-man-pages-1-para",
    "Linux-man-pages-copyleft", "Linux-man-pages-copyleft-2-para", "Linux-man-pages-copyleft-var",
    "Linux-OpenIB", "LOOP", "LPD-document", "LPL-1.0", "LPL-1.02", "LPPL-1.0", "LPPL-1.1",
    "LPPL-1.2", "LPPL-1.3a", "LPPL-1.3c", "lsof", "Lucida-Bitmap-Fonts", "LZMA-SDK-9.11-to-9.20",
    "LZMA-SDK-9.22", "Mackerras-3-Clause", "Mackerras-3-Clause-acknowledgment", "magaz", "mailprio",
    "MakeIndex", "man2html", "Martin-Birgmeier", "McPhee-slideshow", "metamail", "Minpack", "MIPS",
    "MirOS", "MIT", "MIT-0", "MIT-advertising", "MIT-Click", "MIT-CMU", "MIT-enna", "MIT-feh",
    "MIT-Festival", "MIT-Khronos-old", "MIT-Modern-Variant", "MIT-open-group", "MIT-STK",
    "MIT-testregex", "MIT-Wu", "MITNFA", "MMIXware", "MMPL-1.0.1", "Motosoto", "MPEG-SSG",
    "mpi-permissive", "mpich2", "MPL-1.0", "MPL-1.1", "MPL-2.0", "MPL-2.0-no-copyleft-exception",
    "mplus", "MS-LPL", "MS-PL", "MS-RL", "MTLL", "MulanPSL-1.0", "MulanPSL-2.0", "Multics", "Mup",
    "NAIST-2003", "NASA-1.3", "Naumen", "NBPL-1.0", "NCBI-PD", "NCGL-UK-2.0", "NCL", "NCSA",
    "Net-SNMP", "NetCDF", "Newsletr", "NGPL", "ngrep", "NICTA-1.0", "NIST-PD", "NIST-PD-fallback",
    "NIST-PD-TNT", "NIST-Software", "NLOD-1.0", "NLOD-2.0", "NLPL", "Nokia", "NOSL", "Noweb",
    "NPL-1.0", "NPL-1.1", "NPOSL-3.0", "NRL", "NTIA-PD", "NTP", "NTP-0", "Nunit", "O-UDA-1.0",
    "OAR", "OCCT-PL", "OCLC-2.0", "ODbL-1.0", "ODC-By-1.0", "OFFIS", "OFL-1.0", "OFL-1.0-no-RFN",
    "OFL-1.0-RFN", "OFL-1.1", "OFL-1.1-no-RFN", "OFL-1.1-RFN", "OGC-1.0", "OGDL-Taiwan-1.0",
    "OGL-Canada-2.0", "OGL-UK-1.0", "OGL-UK-2.0", "OGL-UK-3.0", "OGTSL", "OLDAP-1.1", "OLDAP-1.2",
    "OLDAP-1.3", "OLDAP-1.4", "OLDAP-2.0", "OLDAP-2.0.1", "OLDAP-2.1", "OLDAP-2.2", "OLDAP-2.2.1",
    "OLDAP-2.2.2", "OLDAP-2.3", "OLDAP-2.4", "OLDAP-2.5", "OLDAP-2.6", "OLDAP-2.7", "OLDAP-2.8",
    "OLFL-1.3", "OML", "OpenMDW-1.0", "OpenPBS-2.3", "OpenSSL", "OpenSSL-standalone", "OpenVision",
    "OPL-1.0", "OPL-UK-3.0", "OPUBL-1.0", "OSC-1.0", "OSET-PL-2.1", "OSL-1.0", "OSL-1.1", "OSL-2.0",
    "OSL-2.1", "OSL-3.0", "OSSP", "PADL", "ParaType-Free-Font-1.3", "Parity-6.0.0", "Parity-7.0.0",
    "PDDL-1.0", "PHP-3.0", "PHP-3.01", "Pixar", "pkgconf", "Plexus", "pnmstitch",
    "PolyForm-Noncommercial-1.0.0", "PolyForm-Small-Business-1.0.0", "PostgreSQL", "PPL", "PSF-2.0",
    "psfrag", "psutils", "Python-2.0", "Python-2.0.1", "python-ldap", "Qhull", "QPL-1.0",
    "QPL-1.0-INRIA-2004", "radvd", "Rdisc", "RHeCos-1.1", "RPL-1.1", "RPL-1.5", "RPSL-1.0",
    "RSA-MD", "RSCPL", "Ruby", "Ruby-pty", "SAX-PD", "SAX-PD-2.0", "Saxpath", "SCEA",
    "SchemeReport", "Sendmail", "Sendmail-8.23", "Sendmail-Open-Source-1.1", "SGI-B-1.0",
    "SGI-B-1.1", "SGI-B-2.0", "SGI-OpenGL", "SGMLUG-PM", "SGP4", "SHL-0.5", "SHL-0.51", "SimPL-2.0",
    "SISSL", "SISSL-1.2", "SL", "Sleepycat", "SMAIL-GPL", "SMLNJ", "SMPPL", "SNIA", "snprintf",
    "SOFA", "softSurfer", "Soundex", "Spencer-86", "Spencer-94", "Spencer-99", "SPL-1.0",
    "ssh-keyscan", "SSH-OpenSSH", "SSH-short", "SSLeay-standalone", "SSPL-1.0", "StandardML-NJ",
    "SugarCRM-1.1.3", "SUL-1.0", "Sun-PPP", "Sun-PPP-2000", "SunPro", "SWL", "swrule", "Symlinks",
    "TAPR-OHL-1.0", "TCL", "TCP-wrappers", "TekHVC", "TermReadKey", "TGPPL-1.0", "ThirdEye",
    "threeparttable", "TMate", "TORQUE-1.1", "TOSL", "TPDL", "TPL-1.0", "TrustedQSL", "TTWL",
    "TTYP0", "TU-Berlin-1.0", "TU-Berlin-2.0", "Ubuntu-font-1.0", "UCAR", "UCL-1.0", "ulem",
    "UMich-Merit", "Unicode-3.0", "Unicode-DFS-2015", "Unicode-DFS-2016", "Unicode-TOU",
    "UnixCrypt", "Unlicense", "Unlicense-libtelnet", "Unlicense-libwhirlpool", "UnRAR", "UPL-1.0",
    "URT-RLE", "Vim", "Vixie-Cron", "VOSTROM", "VSL-1.0", "W3C", "W3C-19980720", "W3C-20150513",
    "w3m", "Watcom-1.0", "Widget-Workshop", "WordNet", "Wsuipa", "WTFNMFPL", "WTFPL", "wwl",
    "wxWindows", "X11", "X11-distribute-modifications-variant", "X11-no-permit-persons",
    "X11-swapped", "Xdebug-1.03", "Xerox", "Xfig", "XFree86-1.1", "xinetd",
    "xkeyboard-config-Zinoviev", "xlock", "Xnet", "xpp", "XSkat", "xzoom", "YPL-1.0", "YPL-1.1",
    "Zed", "Zeeff", "Zend-2.0", "Zimbra-1.3", "Zimbra-1.4", "Zlib", "zlib-acknowledgement",
    "ZPL-1.1", "ZPL-2.0", "ZPL-2.1",
};
static const char *const spdx_exceptions[] = {
    "389-exception", "Asterisk-exception", "Autoconf-exception-2.0", "Autoconf-exception-3.0",
    "Autoconf-exception-generic", "Autoconf-exception-generic-3.0", "Autoconf-exception-macro",
    "Bison-exception-1.24", "Bison-exception-2.2", "Bootloader-exception",
    "Classpath-exception-2.0", "CLISP-exception-2.0", "cryptsetup-OpenSSL-exception",
    "DigiRule-FOSS-exception", "eCos-exception-2.0", "Fawkes-Runtime-exception", "FLTK-exception",
    "fmt-exception", "Font-exception-2.0", "freertos-exception-2.0", "GCC-exception-2.0",
    "GCC-exception-2.0-note", "GCC-exception-3.1", "Gmsh-exception", "GNAT-exception",
    "GNOME-examples-exception", "GNU-compiler-exception", "gnu-javamail-exception",
    "GPL-3.0-interface-exception", "GPL-3.0-linking-exception", "GPL-3.0-linking-source-exception",
    "GPL-CC-1.0", "GStreamer-exception-2005", "GStreamer-exception-2008", "i2p-gpl-java-exception",
    "KiCad-libraries-exception", "LGPL-3.0-linking-exception", "libpri-OpenH323-exception",
    "Libtool-exception", "Linux-syscall-note", "LLGPL", "LLVM-exception", "LZMA-exception",
    "mif-exception", "OCaml-LGPL-linking-exception", "OCCT-exception-1.0",
    "OpenJDK-assembly-exception-1.0", "openvpn-openssl-exception",
    "PS-or-PDF-font-exception-20170817", "QPL-1.0-INRIA-2004-exception", "Qt-GPL-exception-1.0",
    "Qt-LGPL-exception-1.1", "Qwt-exception-1.0", "SANE-exception", "SHL-2.0", "SHL-2.1",
    "stunnel-exception", "SWI-exception", "Swift-exception", "Texinfo-exception",
    "u-boot-exception-2.0", "UBDL-exception", "Universal-FOSS-exception-1.0",
    "vsftpd-openssl-exception", "WxWindows-exception-3.1", "x11vnc-openssl-exception",
};

static int cmp_ci(const void *a, const void *b)
{
    return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

static int in_table(const char *const *table, size_t n, const char *id)
{
    return bsearch(&id, table, n, sizeof *table, cmp_ci) != NULL;
}

/* ---- walking the labels ---------------------------------------------------------- */

typedef struct {
    const pl_df_instr *ins;
    const pl_stage *stage;
    const char *key;
    const char *value; /* NULL when it needs an unknown variable */
    pl_span key_span;
} label_pair;

typedef void (*label_fn)(pl_check *c, const label_pair *p, void *ud);

/* Every top-level LABEL pair whose key is known; returns how many. In
 * hadolint's reading a key that needs an unknown variable is judged as
 * written, as hadolint substitutes nothing (`LABEL a$b=1` has a `$`). */
static int each_label(pl_check *c, const pl_df_model *m, label_fn fn, void *ud)
{
    pl_arena *a = pl_check_arena(c);
    int as_written = pl_check_reading(c) == PL_READING_HADOLINT;
    int n = 0;
    for (int i = 0; i < m->df->ninstrs; i++) {
        const pl_df_instr *ins = m->df->instrs[i];
        if (ins->kind != PL_DF_LABEL || !m->stage_of[i])
            continue;
        for (int k = 0; k + 2 < ins->nargs; k += 3) {
            label_pair p = {ins, m->stage_of[i], NULL, NULL, ins->args[k].span};
            if (pl_model_expand(a, m, ins, ins->args[k].text, &p.key) != PL_EXPAND_OK) {
                if (!as_written)
                    continue;
                p.key = ins->args[k].text;
            }
            if (pl_model_expand(a, m, ins, ins->args[k + 1].text, &p.value) != PL_EXPAND_OK)
                p.value = NULL;
            n++;
            fn(c, &p, ud);
        }
    }
    return n;
}

static const pl_config_label *schema_entry(const pl_config *cfg, const char *key)
{
    for (int i = 0; cfg && i < cfg->nlabel_schema; i++)
        if (!strcmp(cfg->label_schema[i].name, key))
            return &cfg->label_schema[i];
    return NULL;
}

/* ---- PL1211 key format ------------------------------------------------------------- */

static const char *key_problem(const char *k)
{
    size_t n = strlen(k);
    if (n == 0)
        return "it is empty";
    if (k[0] < 'a' || k[0] > 'z')
        return "it must start with a lower-case letter";
    char last = k[n - 1];
    if (!((last >= 'a' && last <= 'z') || (last >= '0' && last <= '9')))
        return "it must end with a lower-case letter or a digit";
    for (const char *p = k; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("._/-", *p)))
            return "only lower-case letters, digits, '.', '-', '_' and '/' are allowed";
    if (strstr(k, "..") || strstr(k, "--"))
        return "it has consecutive separators (.. or --)";
    if (!strncmp(k, "com.docker.", 11) || !strncmp(k, "io.docker.", 10) ||
        !strncmp(k, "org.dockerproject.", 18))
        return "the com.docker., io.docker. and org.dockerproject. namespaces are reserved";
    return NULL;
}

static void key_visit(pl_check *c, const label_pair *p, void *ud)
{
    const char *why = key_problem(p->key);
    if (why)
        pl_fail(c, p->key_span, NULL, "label key \"%s\" is not valid: %s", p->key, why);
}

void pl_check_label_key_invalid(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    int n = each_label(c, m, key_visit, NULL);
    if (!n)
        pl_skip(c, "no LABEL");
    else
        pl_pass(c, (pl_span){0}, "%d label key%s in reverse-DNS form", n, n == 1 ? "" : "s");
}

/* ---- PL1212 missing schema labels ------------------------------------------------------- */

static int stage_sets_label(pl_check *c, const pl_df_model *m, const pl_stage *s, const char *name)
{
    pl_arena *a = pl_check_arena(c);
    for (; s; s = s->parent)
        for (int i = 0; i < s->ninstrs; i++) {
            const pl_df_instr *ins = s->instrs[i];
            if (ins->kind != PL_DF_LABEL)
                continue;
            for (int k = 0; k + 2 < ins->nargs; k += 3) {
                const char *key;
                if (pl_model_expand(a, m, ins, ins->args[k].text, &key) == PL_EXPAND_OK &&
                    !strcmp(key, name))
                    return 1;
            }
        }
    return 0;
}

static int label_sets(pl_check *c, const pl_df_model *m, const pl_df_instr *ins, const char *name)
{
    for (int k = 0; k + 2 < ins->nargs; k += 3) {
        const char *key;
        if (pl_model_expand(pl_check_arena(c), m, ins, ins->args[k].text, &key) != PL_EXPAND_OK)
            key = ins->args[k].text;
        if (!strcmp(key, name))
            return 1;
    }
    return 0;
}

static void silence_alias(const pl_df_model *m, char *missing, int upto, const char *alias)
{
    for (int t = 0; t <= upto && alias; t++)
        if (m->stages[t]->name && !strcmp(m->stages[t]->name, alias))
            missing[t] = 0;
}

/* hadolint's DL3049: every stage misses the label unless it is built FROM a
 * stage that has it; a later COPY --from=<alias> excuses the stage it names,
 * and a stage that sets the label excuses itself and the stages whose alias
 * is its own name (its alias, else its image). */
static void schema_missing_hadolint(pl_check *c, const pl_df_model *m, const pl_config *cfg)
{
    pl_arena *a = pl_check_arena(c);
    char *missing = PL_NEW_N(a, char, (size_t)m->nstages + 1);
    char *good = PL_NEW_N(a, char, (size_t)m->nstages + 1);
    for (int l = 0; l < cfg->nlabel_schema; l++) {
        const char *name = cfg->label_schema[l].name;
        for (int s = 0; s < m->nstages; s++) {
            const pl_stage *st = m->stages[s];
            good[s] = st->parent && good[st->parent->index];
            missing[s] = !good[s] && !st->is_fragment;
            const char *own = st->name ? st->name : st->base_raw;
            for (int i = 0; i < st->ninstrs; i++) {
                const pl_df_instr *ins = st->instrs[i];
                if (ins->kind == PL_DF_COPY) {
                    const pl_df_flag *fl = pl_df_flag_get(ins, "from");
                    if (fl && fl->value)
                        silence_alias(m, missing, s, fl->value);
                } else if (ins->kind == PL_DF_LABEL && label_sets(c, m, ins, name)) {
                    silence_alias(m, missing, s, own);
                    good[s] = 1;
                    missing[s] = 0;
                }
            }
        }
        for (int s = 0; s < m->nstages; s++)
            if (missing[s])
                pl_fail(c, pl_df_ins_span(m->stages[s]->from), NULL, "Label `%s` is missing",
                        name);
    }
    pl_pass(c, (pl_span){0}, "%d label%s of label-schema set in every stage",
            cfg->nlabel_schema, cfg->nlabel_schema == 1 ? "" : "s");
}

void pl_check_label_schema_missing(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    const pl_config *cfg = pl_check_config(c);
    if (!cfg || cfg->nlabel_schema == 0) {
        pl_skip(c, "no label-schema configured");
        return;
    }
    if (pl_check_reading(c) == PL_READING_HADOLINT) {
        schema_missing_hadolint(c, m, cfg);
        return;
    }
    int judged = 0;
    for (int s = 0; s < m->nstages; s++) {
        const pl_stage *st = m->stages[s];
        /* a stage only built on or copied from is not an image anyone runs */
        if (st->used_later && !st->is_final && !st->is_built)
            continue;
        judged++;
        for (int l = 0; l < cfg->nlabel_schema; l++) {
            const char *name = cfg->label_schema[l].name;
            if (!stage_sets_label(c, m, st, name))
                pl_fail(c, pl_df_ins_span(st->from), NULL, "Label `%s` is missing in %s%s", name,
                        st->name ? "stage " : "the stage from ", st->name ? st->name : st->base);
        }
    }
    pl_pass(c, (pl_span){0}, "%d label%s of label-schema set in %d stage%s", cfg->nlabel_schema,
            cfg->nlabel_schema == 1 ? "" : "s", judged, judged == 1 ? "" : "s");
}

/* ---- PL1213 labels outside the schema ------------------------------------------------ */

static void strict_visit(pl_check *c, const label_pair *p, void *ud)
{
    if (!schema_entry(pl_check_config(c), p->key))
        pl_fail(c, p->key_span, NULL, "label %s is not in label-schema (strict-labels is on)",
                p->key);
}

void pl_check_label_not_in_schema(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    const pl_config *cfg = pl_check_config(c);
    if (!cfg || !cfg->strict_labels) {
        pl_skip(c, "strict-labels is off");
        return;
    }
    int n = each_label(c, m, strict_visit, NULL);
    if (!n)
        pl_skip(c, "no LABEL");
    else
        pl_pass(c, (pl_span){0}, "%d label%s, all in label-schema", n, n == 1 ? "" : "s");
}

/* ---- value validators ------------------------------------------------------------------ */

static int is_url(const char *v)
{
    if (!isalpha((unsigned char)*v))
        return 0;
    const char *p = v + 1;
    while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
        p++;
    if (*p != ':')
        return 0;
    int fragments = 0;
    for (p++; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch == '%') {
            if (!isxdigit((unsigned char)p[1]) || !isxdigit((unsigned char)p[2]))
                return 0;
            p += 2;
        } else if (ch == '#') {
            if (++fragments > 1)
                return 0;
        } else if (!isalnum(ch) && !strchr("-._~!$&'()*+,;=:@/?[]", ch)) {
            return 0;
        }
    }
    return 1;
}

static int digits(const char *p, int n)
{
    for (int i = 0; i < n; i++)
        if (!isdigit((unsigned char)p[i]))
            return -1;
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (p[i] - '0');
    return v;
}

static int is_rfc3339(const char *v)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (strlen(v) < 20)
        return 0;
    int y = digits(v, 4), mo = digits(v + 5, 2), d = digits(v + 8, 2);
    int h = digits(v + 11, 2), mi = digits(v + 14, 2), s = digits(v + 17, 2);
    if (y < 0 || v[4] != '-' || v[7] != '-' || (v[10] != 'T' && v[10] != 't') || v[13] != ':' ||
        v[16] != ':')
        return 0;
    if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h < 0 || h > 23 || mi < 0 || mi > 59 ||
        s < 0 || s > 60)
        return 0;
    if (mo == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 0;
    const char *p = v + 19;
    if (*p == '.') {
        p++;
        if (!isdigit((unsigned char)*p))
            return 0;
        while (isdigit((unsigned char)*p))
            p++;
    }
    if ((*p == 'Z' || *p == 'z') && p[1] == '\0')
        return 1;
    if ((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':') {
        int oh = digits(p + 1, 2), om = digits(p + 4, 2);
        return oh >= 0 && oh <= 23 && om >= 0 && om <= 59;
    }
    return 0;
}

/* SPDX license expressions: ids joined by AND / OR, `+`, WITH <exception>,
 * parentheses, LicenseRef-/DocumentRef- references. */
typedef struct {
    const char *p;
    char tok[128];
} spdx_lexer;

static int spdx_next(spdx_lexer *lx)
{
    while (*lx->p == ' ')
        lx->p++;
    if (*lx->p == '(' || *lx->p == ')') {
        lx->tok[0] = *lx->p++;
        lx->tok[1] = '\0';
        return 1;
    }
    size_t n = 0;
    while (*lx->p && *lx->p != ' ' && *lx->p != '(' && *lx->p != ')') {
        if (n + 1 >= sizeof lx->tok)
            return 0;
        lx->tok[n++] = *lx->p++;
    }
    lx->tok[n] = '\0';
    return n > 0;
}

static int is_op(const char *t, const char *op)
{
    char lower[8];
    size_t n = strlen(op);
    for (size_t i = 0; i <= n; i++)
        lower[i] = (char)tolower((unsigned char)op[i]);
    return !strcmp(t, op) || !strcmp(t, lower);
}

static int idstring(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '-' && *s != '.')
            return 0;
    return 1;
}

static int license_ref(const char *t)
{
    if (!strncmp(t, "LicenseRef-", 11))
        return idstring(t + 11);
    if (!strncmp(t, "DocumentRef-", 12)) {
        const char *colon = strchr(t, ':');
        return colon && !strncmp(colon + 1, "LicenseRef-", 11) && idstring(colon + 12);
    }
    return 0;
}

static int spdx_license_token(const char *t)
{
    size_t n = strlen(t);
    if (license_ref(t))
        return 1;
    char id[128];
    if (n == 0 || n >= sizeof id)
        return 0;
    memcpy(id, t, n + 1);
    if (id[n - 1] == '+')
        id[n - 1] = '\0';
    return in_table(spdx_licenses, sizeof spdx_licenses / sizeof *spdx_licenses, id);
}

static int spdx_expr(spdx_lexer *lx, int depth, int *more);

/* One operand; on return lx->tok holds the token after it (or "" at the end). */
static int spdx_operand(spdx_lexer *lx, int depth, int *more)
{
    if (!strcmp(lx->tok, "(")) {
        if (depth > 20 || !spdx_next(lx))
            return 0;
        if (!spdx_expr(lx, depth + 1, more) || strcmp(lx->tok, ")"))
            return 0;
    } else if (!spdx_license_token(lx->tok)) {
        return 0;
    }
    *more = spdx_next(lx);
    if (*more && is_op(lx->tok, "WITH")) {
        if (!spdx_next(lx) ||
            !in_table(spdx_exceptions, sizeof spdx_exceptions / sizeof *spdx_exceptions, lx->tok))
            return 0;
        *more = spdx_next(lx);
    }
    if (!*more)
        lx->tok[0] = '\0';
    return 1;
}

static int spdx_expr(spdx_lexer *lx, int depth, int *more)
{
    for (;;) {
        if (!spdx_operand(lx, depth, more))
            return 0;
        if (!*more || !strcmp(lx->tok, ")"))
            return 1;
        if (!is_op(lx->tok, "AND") && !is_op(lx->tok, "OR"))
            return 0;
        if (!spdx_next(lx))
            return 0;
    }
}

static int is_spdx(const char *v)
{
    spdx_lexer lx = {v, {0}};
    int more = 0;
    if (!spdx_next(&lx))
        return 0;
    return spdx_expr(&lx, 0, &more) && !more;
}

static int is_git_hash(const char *v)
{
    size_t n = strlen(v);
    if (n != 7 && n != 40)
        return 0;
    for (const char *p = v; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return 0;
    return 1;
}

/* Dot-separated identifiers of [0-9A-Za-z-]; numeric ones without leading
 * zeros when `numeric_strict`. Returns the end, or NULL. */
static const char *semver_idents(const char *p, int numeric_strict)
{
    for (;;) {
        const char *s = p;
        int all_digits = 1;
        while (isalnum((unsigned char)*p) || *p == '-') {
            all_digits &= isdigit((unsigned char)*p) != 0;
            p++;
        }
        if (p == s)
            return NULL;
        if (numeric_strict && all_digits && p - s > 1 && *s == '0')
            return NULL;
        if (*p != '.')
            return p;
        p++;
    }
}

static int is_semver(const char *v)
{
    const char *p = v;
    for (int part = 0; part < 3; part++) {
        const char *s = p;
        while (isdigit((unsigned char)*p))
            p++;
        if (p == s || (p - s > 1 && *s == '0'))
            return 0;
        if (part < 2 && *p++ != '.')
            return 0;
    }
    if (*p == '-' && !(p = semver_idents(p + 1, 1)))
        return 0;
    if (*p == '+' && !(p = semver_idents(p + 1, 0)))
        return 0;
    return *p == '\0';
}

static int atext(char ch)
{
    return isalnum((unsigned char)ch) || strchr("!#$%&'*+-/=?^_`{|}~", ch);
}

static int dot_atom(const char *s, size_t n)
{
    if (n == 0 || s[0] == '.' || s[n - 1] == '.')
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.') {
            if (s[i + 1] == '.')
                return 0;
        } else if (!atext(s[i])) {
            return 0;
        }
    }
    return 1;
}

static int is_email(const char *v)
{
    const char *at = strrchr(v, '@');
    if (!at || at == v || !at[1])
        return 0;
    size_t ln = (size_t)(at - v);
    int local_ok;
    if (v[0] == '"') {
        local_ok = ln >= 2 && v[ln - 1] == '"';
        for (size_t i = 1; local_ok && i + 1 < ln; i++)
            if (v[i] == '"' || (unsigned char)v[i] < 0x20)
                local_ok = v[i] == '"' && v[i - 1] == '\\';
    } else {
        local_ok = dot_atom(v, ln);
    }
    if (!local_ok)
        return 0;
    const char *d = at + 1;
    size_t dn = strlen(d);
    if (d[0] == '[')
        return d[dn - 1] == ']' && dn > 2;
    for (size_t i = 0; i < dn; i++)
        if (!isalnum((unsigned char)d[i]) && d[i] != '-' && d[i] != '.')
            return 0;
    return dot_atom(d, dn);
}

/* ---- PL1214-PL1220 schema values --------------------------------------------------- */

typedef struct {
    const char *type;     /* NULL: every schema label (the emptiness check) */
    int (*valid)(const char *v);
    const char *what;     /* "a valid URL" */
    int checked;
} typed_check;

static void typed_visit(pl_check *c, const label_pair *p, void *ud)
{
    typed_check *t = ud;
    const pl_config_label *e = schema_entry(pl_check_config(c), p->key);
    if (!e || !p->value)
        return;
    if (!t->type) {
        t->checked++;
        if (!*p->value)
            pl_fail(c, p->key_span, NULL, "label %s is empty", p->key);
        return;
    }
    if (strcmp(e->type, t->type) || !*p->value)
        return;
    t->checked++;
    if (!t->valid(p->value))
        pl_fail(c, p->key_span, NULL, "label %s=%s is not %s", p->key, p->value, t->what);
}

static void check_typed(pl_check *c, const pl_file *f, typed_check *t)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    const pl_config *cfg = pl_check_config(c);
    int any = 0;
    for (int i = 0; cfg && i < cfg->nlabel_schema; i++)
        any |= !t->type || !strcmp(cfg->label_schema[i].type, t->type);
    if (!any) {
        if (t->type)
            pl_skip(c, "no label of type %s in label-schema", t->type);
        else
            pl_skip(c, "no label-schema configured");
        return;
    }
    each_label(c, m, typed_visit, t);
    if (!t->checked)
        pl_skip(c, "no schema label%s with a known value", t->type ? " of this type" : "");
    else
        pl_pass(c, (pl_span){0}, "%d schema label%s %s", t->checked, t->checked == 1 ? "" : "s",
                t->type ? pl_arena_printf(pl_check_arena(c), "are %s", t->what) : "are set");
}

void pl_check_label_schema_empty(pl_check *c, const pl_file *f)
{
    typed_check t = {NULL, NULL, "non-empty", 0};
    check_typed(c, f, &t);
}

void pl_check_label_schema_url(pl_check *c, const pl_file *f)
{
    typed_check t = {"url", is_url, "a valid URL", 0};
    check_typed(c, f, &t);
}

void pl_check_label_schema_rfc3339(pl_check *c, const pl_file *f)
{
    typed_check t = {"rfc3339", is_rfc3339, "an RFC 3339 time (2024-05-01T12:00:00Z)", 0};
    check_typed(c, f, &t);
}

void pl_check_label_schema_spdx(pl_check *c, const pl_file *f)
{
    typed_check t = {"spdx", is_spdx, "an SPDX license identifier or expression", 0};
    check_typed(c, f, &t);
}

void pl_check_label_schema_hash(pl_check *c, const pl_file *f)
{
    typed_check t = {"hash", is_git_hash, "a 7- or 40-character lower-case git hash", 0};
    check_typed(c, f, &t);
}

void pl_check_label_schema_semver(pl_check *c, const pl_file *f)
{
    typed_check t = {"semver", is_semver, "a semantic version (MAJOR.MINOR.PATCH)", 0};
    check_typed(c, f, &t);
}

void pl_check_label_schema_email(pl_check *c, const pl_file *f)
{
    typed_check t = {"email", is_email, "an e-mail address", 0};
    check_typed(c, f, &t);
}
