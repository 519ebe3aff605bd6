using System.Runtime.InteropServices;

namespace PercepNet.Plugin.Shells.Vst3;

/// <summary>
/// The module entry points a VST3 host looks up on Linux: GetPluginFactory, and ModuleEntry /
/// ModuleExit around the module's lifetime (VST3 module architecture, "Linux" section).
/// </summary>
internal static unsafe class Vst3Exports
{
    [UnmanagedCallersOnly(EntryPoint = "GetPluginFactory")]
    static void* GetPluginFactory()
    {
        try
        {
            return Vst3Factory.Acquire();
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>bool ModuleEntry(void* sharedLibraryHandle): nothing to set up; the model loads on first instantiation.</summary>
    [UnmanagedCallersOnly(EntryPoint = "ModuleEntry")]
    static byte ModuleEntry(void* sharedLibraryHandle) => 1;

    [UnmanagedCallersOnly(EntryPoint = "ModuleExit")]
    static byte ModuleExit() => 1;
}
