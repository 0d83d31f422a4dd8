"""Open data: every public list of the API also as streamed CSV and, where its rows have
a place, GeoJSON (``?format=csv`` / ``?format=geojson`` on the list), and the catalogue
page that describes the data sets in DCAT for national open-data portals."""
