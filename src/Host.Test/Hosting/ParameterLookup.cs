namespace PercepNet.HostTest.Hosting;

/// Finds a parameter from what a user types: its id, its full name, or an unambiguous part
/// of the name ("attenuation" → "Attenuation limit", "drywet" → "Dry/wet mix").
public static class ParameterLookup
{
    public static ParameterInfo? TryFind(IReadOnlyList<ParameterInfo> parameters, string query)
    {
        string key = ParameterInfo.Key(query);
        if (key.Length == 0) return null;
        var exact = parameters.FirstOrDefault(p => ParameterInfo.Key(p.Name) == key);
        if (exact != null) return exact;
        var partial = parameters.Where(p => ParameterInfo.Key(p.Name).Contains(key)).ToList();
        if (partial.Count == 1) return partial[0];
        if (uint.TryParse(query, out uint id)) return parameters.FirstOrDefault(p => p.Id == id);
        return null;
    }

    public static ParameterInfo Find(IReadOnlyList<ParameterInfo> parameters, string query) =>
        TryFind(parameters, query) ?? throw new ArgumentException(
            $"no parameter matches '{query}'; the plugin has: {string.Join(", ", parameters.Select(p => $"{p.Id}={p.Name}"))}");
}
