// Lets the configuration binder read a setting's type from one string (a comma-separated list, say) through the type's own Parse,
// whose FormatException then names the entry the binder's message is about.
using System.ComponentModel;
using System.Globalization;

namespace MotCua.Hosting;

internal abstract class TextSettingConverter<T>(Func<string, T> parse) : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text ? parse(text) : base.ConvertFrom(context, culture, value);
}
