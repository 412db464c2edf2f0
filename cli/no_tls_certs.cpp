// wildplan never talks to the network, yet git_libgit2_init() in Debian's libgit2 parses the
// whole CA certificate bundle into mbedTLS (about 5 ms, five hello-worlds). These two definitions,
// exported from the executable (see exports.list), interpose on mbedTLS's loaders so that
// libgit2's start-up loads no certificate. Any TLS connection would then fail verification:
// safe, and never attempted.
extern "C" {
int mbedtls_x509_crt_parse_file(void*, const char*) { return 0; }
int mbedtls_x509_crt_parse_path(void*, const char*) { return 0; }
}
