/* The CLAP entry point of PercepNet.so.
 *
 * A CLAP host dlsym()s `clap_entry` and reads it as a struct (clap/entry.h: it is a DATA
 * symbol, not a function). NativeAOT exports only functions, so this file provides the data
 * and points its three function fields at the C# exports in Shells/Clap/ClapEntry.cs.
 * Layout mirrors clap_plugin_entry_t: clap_version_t (3 x uint32) then three pointers. */
#include <stdbool.h>
#include <stdint.h>

extern bool percepnet_clap_init(const char *plugin_path);
extern void percepnet_clap_deinit(void);
extern const void *percepnet_clap_get_factory(const char *factory_id);

struct percepnet_clap_version { uint32_t major, minor, revision; };

struct percepnet_clap_plugin_entry {
    struct percepnet_clap_version clap_version;
    bool (*init)(const char *plugin_path);
    void (*deinit)(void);
    const void *(*get_factory)(const char *factory_id);
};

/* We implement CLAP 1.2; hosts accept any 1.x entry (clap_version_is_compatible). */
__attribute__((visibility("default")))
const struct percepnet_clap_plugin_entry clap_entry = {
    { 1, 2, 0 },
    percepnet_clap_init,
    percepnet_clap_deinit,
    percepnet_clap_get_factory,
};
