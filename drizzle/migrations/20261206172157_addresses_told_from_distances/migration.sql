-- Evidence kept "a 40 minute drive", "5 day holiday place" and "a 10 week course close to school"
-- as "[address]": close, drive, place, way and court are streets only when written as a name, with
-- capitals ("12 Acacia Close"); the other street words ("road", "lane", ...) still in any case.
-- Only the contacts step changes; words already taken out of earlier rows cannot come back.
CREATE OR REPLACE FUNCTION "personal_data_contacts_out"("words" text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT
    -- "mum Jane Smith", "Dad, John": in lower case ("mum support") a name cannot be told from a need.
    regexp_replace(
    -- After a title: "Mrs Da Silva", "mr. o'brien" (a second word only when written with a capital).
    regexp_replace(
    -- A full postcode keeps its district; "ks2 5th" is not a postcode.
    regexp_replace(
    -- A house number and a named street: "12 Acacia Close", "4 Mill Way" (not "a 40 minute drive").
    regexp_replace(
    -- A house number and a street: "12 Acacia Road", "3a Hill Crescent".
    regexp_replace(
    -- UK telephone numbers: 07700 900123, 020 7946 0958, (020) 7946-0958, +44 (0)20 7946 0958.
    regexp_replace(
    regexp_replace("words",
      '[[:alnum:]._%+''’-]+@[[:alnum:]-]+(\.[[:alnum:]-]+)+', '[email]', 'g'),
      '(\+44\s*(\(0\))?\s*|\(?\m0)\d{2,4}\)?([\s-]?\d){6,8}\M', '[phone]', 'g'),
      '\m\d{1,4}[a-z]?,?(\s+[[:alpha:]''’-]+){1,2}\s+(road|rd|street|avenue|ave|lane|gardens|crescent|terrace|grove|mews|parade)\M',
      '[address]', 'gi'),
      '\m\d{1,4}[a-zA-Z]?,?(\s+[[:upper:]][[:alpha:]''’-]*){1,2}\s+(Close|Drive|Place|Way|Court|CLOSE|DRIVE|PLACE|WAY|COURT)\M',
      '[address]', 'g'),
      '\m([a-z]{1,2}\d[a-z\d]?)\s*\d(?!(st|nd|rd|th)\M)[abd-hjlnp-uw-z]{2}\M', '\1 [postcode]', 'gi'),
      '\m([Mm][Rr][Ss]?|[Mm][Ss]|[Mm][Ii][Ss][Ss]|[Mm][Xx])(\.?)\s+[[:alpha:]''’-]+(\s+[[:upper:]][[:alpha:]''’-]*)?',
      '\1\2 [name]', 'g'),
      '\m([Mm]um|[Mm]other|[Dd]ad|[Ff]ather|[Pp]arent|[Cc]arer|[Gg]ran|[Gg]randma|[Gg]randmother|[Gg]randad|[Gg]randfather|[Nn]an|[Nn]ana|[Nn]anny|[Aa]unt|[Aa]untie|[Uu]ncle|[Ss]ister|[Bb]rother|[Ss]tepmum|[Ss]tepdad|[Gg]uardian)(,?)\s+[[:upper:]][[:alpha:]''’-]*(\s+[[:upper:]][[:alpha:]''’-]*)?',
      '\1\2 [name]', 'g')
$$;
