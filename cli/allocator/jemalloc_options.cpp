// jemalloc's options, read when it initialises (before main): its arenas and its own metadata in
// transparent huge pages, which the kernel otherwise gives only to memory that asks for them (this
// machine's setting is "madvise"). Environment's MALLOC_CONF still overrides these.
extern "C" {
extern const char* malloc_conf;
const char* malloc_conf = "thp:always,metadata_thp:always";
}
