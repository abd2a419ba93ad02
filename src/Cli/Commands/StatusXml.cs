using System.Globalization;
using System.Text;
using System.Xml;
using Ivm.Cluster.V1;

namespace Ivm.Cli.Commands;

/// <summary>
/// <c>hpvmstatus -X</c>: HPVM's XML layout — a &lt;pman&gt; root with one &lt;virtual_machine&gt; per
/// guest (attributes name and local_id, the VM #; elements vm_state, os_type, vcpu_number and
/// memory/total with its unit), which inventory tools written for HPVM read — plus Ivm's elements
/// for entitlement, host, start attribute, label, image and the state history.
/// </summary>
public static class StatusXml
{
    public static string Format(IEnumerable<Guest> guests)
    {
        var output = new StringBuilder();
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", NewLineChars = "\n", Encoding = new UTF8Encoding(false) };
        using (var xml = XmlWriter.Create(new StringWriterUtf8(output), settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("pman");
            foreach (var g in guests.OrderBy(g => g.VmNumber))
            {
                var c = g.Config;
                xml.WriteStartElement("virtual_machine");
                xml.WriteAttributeString("name", c.Name);
                xml.WriteAttributeString("local_id", g.VmNumber.ToString(CultureInfo.InvariantCulture));
                xml.WriteElementString("vm_state", GuestText.StateName(g.State));
                xml.WriteElementString("os_type", GuestText.OsType(c));
                xml.WriteElementString("vcpu_number", c.Vcpus.ToString(CultureInfo.InvariantCulture));
                xml.WriteStartElement("memory");
                xml.WriteStartElement("total");
                xml.WriteAttributeString("unit", "MB");
                xml.WriteString(SizeText.Megabytes(c.MemoryBytes).ToString(CultureInfo.InvariantCulture));
                xml.WriteEndElement();
                xml.WriteEndElement();
                xml.WriteStartElement("entitlement");
                xml.WriteAttributeString("unit", "percent");
                xml.WriteElementString("minimum", c.EntitlementPercent.ToString(CultureInfo.InvariantCulture));
                xml.WriteElementString("maximum", GuestText.Maximum(c).ToString(CultureInfo.InvariantCulture));
                xml.WriteEndElement();
                xml.WriteElementString("start_attr", GuestText.StartAttribute(c.StartAttribute));
                xml.WriteElementString("label", c.Label);
                xml.WriteElementString("image", c.ImagePath);
                xml.WriteElementString("host", g.Host);
                xml.WriteElementString("reason", g.Reason);
                if (g.HasExitStatus)
                {
                    xml.WriteElementString("exit_status", g.ExitStatus.ToString(CultureInfo.InvariantCulture));
                }

                xml.WriteStartElement("history");
                foreach (var h in g.History)
                {
                    xml.WriteStartElement("state_change");
                    xml.WriteAttributeString("time", GuestText.Time(h.UnixTimeMs));
                    xml.WriteAttributeString("state", GuestText.StateName(h.State));
                    xml.WriteAttributeString("host", h.Host);
                    xml.WriteString(h.Reason);
                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        return output.Append('\n').ToString();
    }

    // StringWriter reports UTF-16; the declaration must say what stdout carries.
    private sealed class StringWriterUtf8(StringBuilder builder) : StringWriter(builder, CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => new UTF8Encoding(false);
    }
}
