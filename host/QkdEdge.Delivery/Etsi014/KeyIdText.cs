namespace QkdEdge.Delivery.Etsi014;

/// <summary>
/// The one rule for key_ID text at this interface: a key_ID is a UUID in the canonical 8-4-4-4-12 form
/// of RFC 9562 (36 characters, no braces, no spaces), with hex digits in either case, and two key_IDs
/// are the same when their texts are equal ignoring case (they then decode to the same key). RFC 9562
/// asks readers to accept both cases; this KME issues lower case, and answers dec_keys under the text
/// the SAE sent, so an SAE that compares strings finds its own IDs.
/// </summary>
public static class KeyIdText
{
    public const int Length = 36;

    public static bool IsCanonical(string? text)
    {
        if (text is null || text.Length != Length)
            return false;
        for (var i = 0; i < Length; i++)
        {
            bool hyphen = i is 8 or 13 or 18 or 23;
            if (hyphen ? text[i] != '-' : !char.IsAsciiHexDigit(text[i]))
                return false;
        }
        return true;
    }
}
