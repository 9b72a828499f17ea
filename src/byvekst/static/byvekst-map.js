/* Project map: area outlines and project locations, drawn with Leaflet and no background tiles
   (many of our users' networks block tile servers). A form field with id "id_location_text", when present,
   receives a GeoJSON point where the map is clicked. */
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("map");
  if (!el || typeof L === "undefined") { return; }
  var read = function (id) { var s = document.getElementById(id); return s ? JSON.parse(s.textContent) : []; };
  var map = L.map(el, { attributionControl: false });
  var layers = [];
  read("map-areas").forEach(function (a) {
    if (!a.outline) { return; }
    var layer = L.geoJSON(a.outline, { style: { color: "#00563f", weight: 2, fillOpacity: 0.05 } })
      .bindTooltip(a.name, { permanent: true, direction: "center", className: "area-label" }).addTo(map);
    layers.push(layer);
  });
  read("map-points").forEach(function (p) {
    if (!p.location) { return; }
    var layer = L.geoJSON(p.location, {
      pointToLayer: function (f, latlng) { return L.circleMarker(latlng, { radius: 7, color: "#1b1f24", fillColor: "#ffbf47", fillOpacity: 1 }); }
    }).bindPopup('<a href="' + p.url + '">' + p.code + "</a> " + p.title.replace(/</g, "&lt;")).addTo(map);
    layers.push(layer);
  });
  var group = L.featureGroup(layers);
  if (layers.length) { map.fitBounds(group.getBounds().pad(0.1)); } else { map.setView([60.39, 5.32], 10); }
  var target = document.getElementById("id_location_text");
  if (target) {
    var marker = null;
    map.on("click", function (e) {
      var point = { type: "Point", coordinates: [Number(e.latlng.lng.toFixed(5)), Number(e.latlng.lat.toFixed(5))] };
      target.value = JSON.stringify(point);
      if (marker) { map.removeLayer(marker); }
      marker = L.circleMarker(e.latlng, { radius: 8, color: "#a4000f" }).addTo(map);
    });
  }
});
